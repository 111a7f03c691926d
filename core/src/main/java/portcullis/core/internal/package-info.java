/** Helpers shared across schemes. Not API: may change without notice. */
package portcullis.core.internal;
