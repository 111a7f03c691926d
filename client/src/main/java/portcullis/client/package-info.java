/**
 * The Portcullis Java SDK: signs or authenticates {@code java.net.http} requests for every scheme
 * the gateway accepts. No dependencies beyond the JDK.
 */
package portcullis.client;
