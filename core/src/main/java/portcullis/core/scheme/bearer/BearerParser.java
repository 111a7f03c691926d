package portcullis.core.scheme.bearer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import portcullis.core.dialect.OAuth2Dialect;
import portcullis.core.Result;
import portcullis.core.RequestView;
import portcullis.core.text.Form;
import portcullis.core.text.AuthParams;
import portcullis.core.text.AuthScheme;

/**
 * Finds the access token of RFC 6750: the {@code Authorization: Bearer} header (§2.1), the {@code
 * access_token} form parameter of a non-GET form body (§2.2), or the {@code access_token} query
 * parameter (§2.3) when enabled. More than one method, or a header that breaks the b64token syntax,
 * is {@code invalid_request}. Never throws.
 */
final class BearerParser {
  /** Longest token accepted; ours are well under 1 KiB. */
  static final int MAX_TOKEN = 8192;
  static final String PARAM = "access_token";
  /** RFC 6750 §3.1: a request that repeats a parameter is {@code invalid_request}. */
  private static final String REPEATED = "The access_token parameter is repeated; send it once.";

  private BearerParser() {}

  /** Result: credentials, or an error text for the caller ({@code invalid_request}). */

  static boolean isBearer(String authorization) {
    return AuthScheme.is(authorization, "Bearer");
  }

  /** Whether the request carries a token anywhere this parser would look. Cheap for the header case. */
  static boolean present(RequestView request, boolean allowQuery) {
    if (isBearer(request.header("Authorization"))) {
      return true;
    }
    if (request.queryParam(PARAM) != null) {
      return true; // when not allowed, parse() explains why (400) rather than "no token"
    }
    return isForm(request) && formToken(request) != null;
  }

  /** The token and where it came from, or the 400 {@code invalid_request} naming {@code realm}. */
  static Result<BearerCredentials> parse(RequestView request, boolean allowQuery, String realm) {
    String auth = request.header("Authorization");
    List<String> authHeaders = request.headers("Authorization");
    String fromHeader = null;
    if (isBearer(auth)) {
      if (authHeaders.size() > 1) {
        return error(realm, "Send exactly one Authorization header.");
      }
      fromHeader = auth.substring(6).trim();
      if (fromHeader.isEmpty()) {
        return error(realm, "The Bearer credentials are empty: send Authorization: Bearer <access_token>.");
      }
      if (!isB64Token(fromHeader)) {
        return error(realm, "The access token contains characters not allowed by RFC 6750 (b64token).");
      }
    }
    String fromQuery = request.queryParam(PARAM);
    if (fromQuery != null && !allowQuery) {
      return error(realm, "Access tokens in the query string are not accepted here: send Authorization: Bearer <access_token>.");
    }
    if (fromQuery != null && request.queryParams(PARAM).size() > 1) {
      return error(realm, REPEATED);
    }
    String fromForm = isForm(request) ? formToken(request) : null;
    if (fromForm == REPEATED) {
      return error(realm, REPEATED);
    }
    int count = (fromHeader != null ? 1 : 0) + (fromQuery != null ? 1 : 0) + (fromForm != null ? 1 : 0);
    if (count > 1) {
      return error(realm, "Send the access token in one place only (RFC 6750 section 2).");
    }
    if (count == 0) {
      return error(realm, "No access token: send Authorization: Bearer <access_token>.");
    }
    String token = fromHeader != null ? fromHeader : fromForm != null ? fromForm : fromQuery;
    if (token.isEmpty()) {
      return error(realm, "The access_token parameter is empty.");
    }
    if (token.length() > MAX_TOKEN) {
      return error(realm, "The access token is too long.");
    }
    BearerCredentials.Source source = fromHeader != null ? BearerCredentials.Source.HEADER
        : fromForm != null ? BearerCredentials.Source.FORM : BearerCredentials.Source.QUERY;
    return Result.ok(new BearerCredentials(token, source));
  }

  private static Result<BearerCredentials> error(String realm, String message) {
    return Result.reject(OAuth2Dialect.INSTANCE.resource(400, OAuth2Dialect.INVALID_REQUEST, message, realm, null,
        "bearer: " + message));
  }

  /** RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
  static boolean isB64Token(String s) {
    return AuthParams.isToken68(s);
  }

  /** RFC 6750 §2.2: single-part form body, not GET. */
  static boolean isForm(RequestView request) {
    return !request.method().equals("GET") && isFormType(request.header("Content-Type")) && request.body().length > 0;
  }

  /** Whether a Content-Type is {@code application/x-www-form-urlencoded}, with or without parameters. */
  static boolean isFormType(String contentType) {
    return Form.isFormType(contentType);
  }


  /** The form's access token, null when absent, or {@link #REPEATED} (the same instance) when sent twice. */
  private static String formToken(RequestView request) {
    Map<String, List<String>> form = Form.parse(new String(request.body(), StandardCharsets.UTF_8));
    List<String> v = form.get(PARAM);
    if (v == null) {
      return null;
    }
    return v.size() == 1 ? v.get(0) : REPEATED;
  }
}
