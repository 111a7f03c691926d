/**
 * Portcullis core: the schemes, dialects and seams of the gateway, without HTTP servers or SQL.
 * Every package is API or SPI: {@code portcullis.core} (the gateway, schemes, results, the
 * post-authentication chain), {@code .dialect} (error bodies), {@code .replay} (single-use claims and
 * the replay-store SPI), {@code .store} (the account and client store SPI), {@code .tokens} (token
 * resolution across schemes), {@code .crypto} (hashing, sealing, constant-time comparison), {@code
 * .text} (shared text codecs) and one package per scheme under {@code .scheme}. A scheme's parser,
 * canonicalization and credentials types are package-private.
 */
module portcullis.core {
  requires com.nimbusds.jose.jwt;
  requires org.bouncycastle.provider;
  requires password4j;

  exports portcullis.core;
  exports portcullis.core.crypto;
  exports portcullis.core.dialect;
  exports portcullis.core.replay;
  exports portcullis.core.store;
  exports portcullis.core.text;
  exports portcullis.core.tokens;
  exports portcullis.core.scheme;
  exports portcullis.core.scheme.basic;
  exports portcullis.core.scheme.bearer;
  exports portcullis.core.scheme.digest;
  exports portcullis.core.scheme.keytoken;
  exports portcullis.core.scheme.ksig1;
  exports portcullis.core.scheme.mtls;
  exports portcullis.core.scheme.oauth1;
}
