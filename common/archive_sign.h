/*
 * archive_sign.h - DSSE envelopes (Dead Simple Signing Envelope, v1) signed with
 * Ed25519 through OpenSSL's EVP interface, for the in-toto Statement of an
 * evidence archive. Keys are PEM files: a private key made by
 * `openssl genpkey -algorithm ed25519 -out key.pem` and its public key
 * (`openssl pkey -in key.pem -pubout -out key.pub`). Ed25519 signatures are
 * deterministic, so a signed archive stays reproducible.
 *
 * Envelope: {"payload": BASE64, "payloadType": TYPE,
 *            "signatures": [{"keyid": KEYID, "sig": BASE64}]}
 * The signature covers PAE(TYPE, payload) = "DSSEv1 " LEN(TYPE) " " TYPE " "
 * LEN(payload) " " payload; KEYID is the hex SHA-256 of the public key's DER
 * SubjectPublicKeyInfo.
 */
#ifndef PGA_ARCHIVE_SIGN_H
#define PGA_ARCHIVE_SIGN_H

#include <stddef.h>

#include "hash.h"
#include "strbuf.h"

/* The payload type of an in-toto Statement in DSSE. */
#define INTOTO_PAYLOAD_TYPE "application/vnd.in-toto+json"

/* Append the DSSE pre-authentication encoding of (type, payload) to sb. */
void dsse_pae(struct strbuf *sb, const char *type, const void *payload, size_t len);

/*
 * Sign payload with the Ed25519 private key in the PEM file keyfile. Returns the
 * envelope as newly allocated JSON text (caller frees), and its key id in keyid.
 * Dies with a message naming keyfile if it is unreadable or not an Ed25519 key.
 */
char *dsse_sign_ed25519(const char *keyfile, const char *type, const void *payload, size_t len,
			sha256_hex_t keyid);

/*
 * Check envelope (len bytes of JSON) against the Ed25519 public key in the PEM file
 * pubfile: some signature must verify over PAE(payloadType, payload). Returns 0 and
 * sets *payload (newly allocated, NUL-terminated; caller frees), *payload_len and
 * *type (newly allocated; caller frees); or -1 and a newly allocated message in
 * *err (caller frees). keyid receives the public key's id either way (empty string
 * if the key could not be read).
 */
int dsse_verify_ed25519(const char *pubfile, const char *envelope, size_t len, char **payload,
			size_t *payload_len, char **type, sha256_hex_t keyid, char **err);

/* Standard base64 with padding, newly allocated (caller frees). */
char *base64_encode(const void *data, size_t len);
/* Decode standard base64; NULL if malformed. *out_len receives the size. Caller frees. */
unsigned char *base64_decode(const char *text, size_t *out_len);

#endif
