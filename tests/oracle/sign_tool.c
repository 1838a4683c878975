// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * sign_tool.c - drive skelgen's crypto from the shell for the OpenSSL
 * oracle (tests/oracle/pkcs7_openssl.sh).
 *
 *   sign_tool KEY CERT CONTENT OUT.der       sign CONTENT (detached PKCS#7)
 *   sign_tool --verify SIG.der CERT CONTENT  verify; exit 0 if good
 *
 * Errors go to stderr as skelgen reports them; exit 1.
 */
#define _POSIX_C_SOURCE 200809L
#include "sign/crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Content may legitimately be empty; sg_read_file refuses empty files. */
static int read_content(const char *path, uint8_t **p, size_t *len,
			char err[SG_ERR_MAX])
{
	FILE *f = fopen(path, "rb");

	if (f && fgetc(f) == EOF) {
		fclose(f);
		*p = malloc(1);
		*len = 0;
		return *p ? 0 : -1;
	}
	if (f)
		fclose(f);
	return sg_read_file(path, p, len, err);
}

static int do_verify(const char *sig, const char *certp, const char *contentp)
{
	struct sg_cert *cert = NULL;
	uint8_t *der = NULL, *content = NULL;
	size_t der_len = 0, content_len = 0;
	char err[SG_ERR_MAX] = "";
	int rc = 1;

	if (sg_cert_load(certp, &cert, err) ||
	    sg_read_file(sig, &der, &der_len, err) ||
	    read_content(contentp, &content, &content_len, err) ||
	    sg_pkcs7_verify(der, der_len, sig, cert, content, content_len, err))
		fprintf(stderr, "%s\n", err);
	else
		rc = 0;
	sg_cert_free(cert);
	free(der);
	free(content);
	return rc;
}

static int do_sign(const char *keyp, const char *certp, const char *contentp,
		   const char *outp)
{
	struct sg_key *key = NULL;
	struct sg_cert *cert = NULL;
	uint8_t *content = NULL, *der = NULL;
	size_t content_len = 0, der_len = 0;
	char err[SG_ERR_MAX] = "";
	FILE *f;
	int rc = 1;

	if (sg_key_load(keyp, &key, err) || sg_cert_load(certp, &cert, err) ||
	    sg_key_matches_cert(key, keyp, cert, certp, err) ||
	    read_content(contentp, &content, &content_len, err) ||
	    sg_pkcs7_sign(key, cert, content, content_len, &der, &der_len, err)) {
		fprintf(stderr, "%s\n", err);
		goto out;
	}
	f = fopen(outp, "wb");
	if (!f || fwrite(der, 1, der_len, f) != der_len) {
		perror(outp);
		if (f)
			fclose(f);
		goto out;
	}
	if (fclose(f)) {
		perror(outp);
		goto out;
	}
	rc = 0;
out:
	sg_key_free(key);
	sg_cert_free(cert);
	free(content);
	free(der);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "--verify") == 0)
		return do_verify(argv[2], argv[3], argv[4]);
	if (argc == 5)
		return do_sign(argv[1], argv[2], argv[3], argv[4]);
	fprintf(stderr, "usage: sign_tool KEY CERT CONTENT OUT.der\n"
			"       sign_tool --verify SIG.der CERT CONTENT\n");
	return 2;
}
