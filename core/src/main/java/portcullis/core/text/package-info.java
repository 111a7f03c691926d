/**
 * Text handling shared by the schemes and the server: the {@code Authorization} auth-scheme word
 * ({@link portcullis.core.text.AuthScheme}), the RFC 9110 auth-param list ({@link
 * portcullis.core.text.AuthParams}) and RFC 3986 percent-encoding ({@link
 * portcullis.core.text.PercentEncoding}). Stateless; nothing here throws on any input.
 */
package portcullis.core.text;
