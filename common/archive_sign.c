/* archive_sign.c - DSSE envelopes signed with Ed25519 (OpenSSL EVP); see archive_sign.h. */
#include "archive_sign.h"

#include <jansson.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void dsse_pae(struct strbuf *sb, const char *type, const void *payload, size_t len)
{
	strbuf_addf(sb, "DSSEv1 %zu %s %zu ", strlen(type), type, len);
	strbuf_add(sb, payload, len);
}

char *base64_encode(const void *data, size_t len)
{
	char *out = xmalloc(4 * ((len + 2) / 3) + 1);
	EVP_EncodeBlock((unsigned char *)out, data, (int)len);
	return out;
}

unsigned char *base64_decode(const char *text, size_t *out_len)
{
	size_t n = strlen(text);
	if (n % 4 != 0)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = text[i];
		int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
			 c == '/' || (c == '=' && i >= n - 2);
		if (!ok)
			return NULL;
	}
	unsigned char *out = xmalloc(n / 4 * 3 + 1);
	int got = EVP_DecodeBlock(out, (const unsigned char *)text, (int)n);
	if (got < 0) {
		free(out);
		return NULL;
	}
	/* EVP_DecodeBlock counts the padding as zero bytes */
	if (n >= 1 && text[n - 1] == '=')
		got--;
	if (n >= 2 && text[n - 2] == '=')
		got--;
	*out_len = (size_t)got;
	return out;
}

static void key_id(EVP_PKEY *k, sha256_hex_t out)
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(k, &der);
	if (n <= 0)
		pga_die("cannot encode a public key");
	sha256_hex(der, (size_t)n, out);
	OPENSSL_free(der);
}

static char *openssl_message(void)
{
	unsigned long e = ERR_get_error();
	char buf[256];
	ERR_error_string_n(e, buf, sizeof(buf));
	ERR_clear_error();
	return xstrdup(e ? buf : "unknown OpenSSL error");
}

char *dsse_sign_ed25519(const char *keyfile, const char *type, const void *payload, size_t len,
			sha256_hex_t keyid)
{
	FILE *f = fopen(keyfile, "r");
	if (!f)
		pga_die_errno("cannot open the signing key %s", keyfile);
	EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!k) {
		char *m = openssl_message();
		pga_die("%s is not a readable PEM private key (%s)", keyfile, m);
	}
	if (EVP_PKEY_get_id(k) != EVP_PKEY_ED25519)
		pga_die("%s is not an Ed25519 key (make one with: openssl genpkey -algorithm ed25519)", keyfile);
	key_id(k, keyid);
	struct strbuf pae = STRBUF_INIT;
	dsse_pae(&pae, type, payload, len);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	size_t siglen = 0;
	if (!md || EVP_DigestSignInit(md, NULL, NULL, NULL, k) != 1 ||
	    EVP_DigestSign(md, NULL, &siglen, (unsigned char *)pae.buf, pae.len) != 1)
		pga_die("cannot sign with %s: %s", keyfile, openssl_message());
	unsigned char *sig = xmalloc(siglen);
	if (EVP_DigestSign(md, sig, &siglen, (unsigned char *)pae.buf, pae.len) != 1)
		pga_die("cannot sign with %s: %s", keyfile, openssl_message());
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(k);
	strbuf_release(&pae);

	char *b64_payload = base64_encode(payload, len), *b64_sig = base64_encode(sig, siglen);
	free(sig);
	json_t *env = json_pack("{s:s, s:s, s:[{s:s, s:s}]}", "payload", b64_payload, "payloadType", type,
				"signatures", "keyid", keyid, "sig", b64_sig);
	free(b64_payload);
	free(b64_sig);
	if (!env)
		pga_die("cannot build the DSSE envelope");
	char *text = json_dumps(env, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(env);
	char *out = xasprintf("%s\n", text);
	free(text);
	return out;
}

int dsse_verify_ed25519(const char *pubfile, const char *envelope, size_t len, char **payload,
			size_t *payload_len, char **type, sha256_hex_t keyid, char **err)
{
	keyid[0] = '\0';
	FILE *f = fopen(pubfile, "r");
	if (!f) {
		*err = xasprintf("cannot open the public key %s", pubfile);
		return -1;
	}
	EVP_PKEY *k = PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	if (!k) {
		char *m = openssl_message();
		*err = xasprintf("%s is not a readable PEM public key (%s)", pubfile, m);
		free(m);
		return -1;
	}
	if (EVP_PKEY_get_id(k) != EVP_PKEY_ED25519) {
		EVP_PKEY_free(k);
		*err = xasprintf("%s is not an Ed25519 public key", pubfile);
		return -1;
	}
	key_id(k, keyid);

	json_error_t je;
	json_t *env = json_loadb(envelope, len, 0, &je);
	const char *b64_payload = NULL, *ptype = NULL;
	json_t *sigs = NULL;
	if (!env || json_unpack(env, "{s:s, s:s, s:o}", "payload", &b64_payload, "payloadType", &ptype,
				"signatures", &sigs) != 0 ||
	    !json_is_array(sigs)) {
		*err = xstrdup("the signature envelope is not DSSE JSON (payload, payloadType, signatures)");
		json_decref(env);
		EVP_PKEY_free(k);
		return -1;
	}
	size_t plen = 0;
	unsigned char *p = base64_decode(b64_payload, &plen);
	if (!p) {
		*err = xstrdup("the envelope's payload is not base64");
		json_decref(env);
		EVP_PKEY_free(k);
		return -1;
	}
	struct strbuf pae = STRBUF_INIT;
	dsse_pae(&pae, ptype, p, plen);
	int good = 0;
	size_t i;
	json_t *s;
	json_array_foreach(sigs, i, s)
	{
		const char *b64_sig = json_string_value(json_object_get(s, "sig"));
		size_t slen = 0;
		unsigned char *sig = b64_sig ? base64_decode(b64_sig, &slen) : NULL;
		if (!sig)
			continue;
		EVP_MD_CTX *md = EVP_MD_CTX_new();
		if (md && EVP_DigestVerifyInit(md, NULL, NULL, NULL, k) == 1 &&
		    EVP_DigestVerify(md, sig, slen, (unsigned char *)pae.buf, pae.len) == 1)
			good = 1;
		ERR_clear_error();
		EVP_MD_CTX_free(md);
		free(sig);
		if (good)
			break;
	}
	strbuf_release(&pae);
	EVP_PKEY_free(k);
	if (!good) {
		*err = xasprintf("no signature in the envelope verifies with the key %s (key id %s)", pubfile, keyid);
		free(p);
		json_decref(env);
		return -1;
	}
	*type = xstrdup(ptype);
	json_decref(env);
	p = xrealloc(p, plen + 1);
	p[plen] = '\0';
	*payload = (char *)p;
	*payload_len = plen;
	return 0;
}
