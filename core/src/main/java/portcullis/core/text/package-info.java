/**
 * Text handling shared by the schemes and the server: the {@code Authorization} auth-scheme word
 * ({@link portcullis.core.text.AuthScheme}), the RFC 9110 auth-param list ({@link
 * portcullis.core.text.AuthParams}), RFC 3986 percent-encoding ({@link
 * portcullis.core.text.PercentEncoding}), {@code application/x-www-form-urlencoded} bodies and
 * queries ({@link portcullis.core.text.Form}), JSON string quoting for the dialects' bodies ({@link
 * portcullis.core.text.Json}) and the e-mail address check ({@link portcullis.core.text.Emails}).
 * Stateless; nothing here throws on any input.
 */
package portcullis.core.text;
