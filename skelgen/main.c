/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * skelgen - BPF object -> compact, signed light-skeleton header.
 *
 * Every failure prints one line naming the file and the problem, exits
 * non-zero and leaves no output file behind (the header is written to a
 * temporary file and renamed only once complete).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "emit.h"
#include "inloader.h"
#include "model.h"
#include "output.h"
#include "sign.h"

#define SCHEME_BIT(s) (1u << (s))
/* -S: every scheme a kernel of today verifies, so one -S header verifies on
 * 6.18 LTS devices (inloader) as well as newer kernels; --scheme narrows. */
#define DEFAULT_SCHEMES                                                                     \
	(SCHEME_BIT(TINYSKEL_SCHEME_CHAIN) | SCHEME_BIT(TINYSKEL_SCHEME_LOADTIME) |         \
	 SCHEME_BIT(TINYSKEL_SCHEME_INLOADER))
static const char *const scheme_ids[TINYSKEL_SCHEME__COUNT] = { "none", "inloader", "loadtime", "chain" };

struct args {
	const char *obj, *out, *name, *key, *cert, *tbs_dir;
	const char *sig_file[TINYSKEL_SCHEME__COUNT];
	uint32_t schemes;
	int sign_all, scheme_list; /* -S given; --scheme given (it narrows -S) */
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: skelgen [options] OBJ.bpf.o [name NAME]\n"
		"  -o, --output FILE        write the header to FILE (default: stdout)\n"
		"  -n, --name NAME          skeleton name (default: from OBJ, watch.bpf.o -> watch)\n"
		"  -k, --key FILE           private key: RSA 2048-4096 or ECDSA P-256/P-384, PEM or DER\n"
		"  -i, --cert FILE          X.509 certificate of the key (names the signer)\n"
		"  -S, --sign               sign for every scheme (chain,loadtime,inloader)\n"
		"  -M, --sign-maps          bpftool's spelling: sign for the chain scheme\n"
		"      --scheme LIST        sign for these schemes: chain,loadtime,inloader\n"
		"      --emit-tbs DIR       write DIR/NAME.SCHEME.tbs, the exact bytes to sign, and stop\n"
		"      --signature S=FILE   attach a detached DER PKCS#7 for scheme S made elsewhere\n"
		"                           (checked against -i and the content first)\n"
		"  -h, --help, --version\n");
}

static int die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int die(const char *fmt, ...)
{
	va_list ap;

	fputs("skelgen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static int scheme_id(const char *s, size_t len)
{
	int i;

	for (i = 1; i < TINYSKEL_SCHEME__COUNT; i++)
		if (strlen(scheme_ids[i]) == len && !strncmp(s, scheme_ids[i], len))
			return i;
	return -1;
}

static int parse_schemes(const char *list, uint32_t *mask)
{
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, ",");
		int id = scheme_id(p, len);

		if (id < 0)
			return die("--scheme: unknown scheme '%.*s' (chain, loadtime, inloader)", (int)len, p);
		*mask |= SCHEME_BIT(id);
		p += len + (p[len] == ',');
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct args *a)
{
	enum { OPT_SCHEME = 256, OPT_TBS, OPT_SIG, OPT_VERSION };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' }, { "name", required_argument, NULL, 'n' },
		{ "key", required_argument, NULL, 'k' },    { "cert", required_argument, NULL, 'i' },
		{ "sign", no_argument, NULL, 'S' },         { "sign-maps", no_argument, NULL, 'M' },
		{ "scheme", required_argument, NULL, OPT_SCHEME },
		{ "emit-tbs", required_argument, NULL, OPT_TBS },
		{ "signature", required_argument, NULL, OPT_SIG },
		{ "help", no_argument, NULL, 'h' },         { "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(a, 0, sizeof(*a));
	while ((c = getopt_long(argc, argv, "o:n:k:i:SMh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': a->out = optarg; break;
		case 'n': a->name = optarg; break;
		case 'k': a->key = optarg; break;
		case 'i': a->cert = optarg; break;
		case 'S': a->sign_all = 1; break;
		case 'M': a->schemes |= SCHEME_BIT(TINYSKEL_SCHEME_CHAIN); break;
		case OPT_SCHEME:
			if (parse_schemes(optarg, &a->schemes))
				return -1;
			a->scheme_list = 1;
			break;
		case OPT_TBS: a->tbs_dir = optarg; break;
		case OPT_SIG: {
			const char *eq = strchr(optarg, '=');
			int id = eq ? scheme_id(optarg, (size_t)(eq - optarg)) : -1;

			if (id < 0 || !eq[1])
				return die("--signature: expected SCHEME=FILE with SCHEME one of chain, loadtime, inloader");
			a->sig_file[id] = eq + 1;
			a->schemes |= SCHEME_BIT(id);
			break;
		}
		case 'h': usage(stdout); exit(0);
		case OPT_VERSION:
			printf("skelgen (tinyskel) %d.%d\n", TINYSKEL_VERSION_MAJOR, TINYSKEL_VERSION_MINOR);
			exit(0);
		default: usage(stderr); return -1;
		}
	}
	if (a->sign_all && !a->scheme_list)
		a->schemes |= DEFAULT_SCHEMES;
	if (optind >= argc)
		return usage(stderr), die("no BPF object given");
	a->obj = argv[optind++];
	/* bpftool's form: OBJ name NAME */
	if (optind + 1 < argc + 0 && !strcmp(argv[optind], "name") && !a->name) {
		a->name = argv[optind + 1];
		optind += 2;
	}
	if (optind < argc)
		return die("unexpected argument '%s'", argv[optind]);
	if (a->name) {
		const char *p;

		for (p = a->name; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' ||
			      (p > a->name && *p >= '0' && *p <= '9')))
				return die("--name: '%s' is not a C identifier", a->name);
		if (!*a->name || strlen(a->name) >= SG_IDENT_MAX)
			return die("--name: bad length");
	}
	return 0;
}

/* Which inputs each request needs, checked before any work. */
static int check_inputs(const struct args *a)
{
	int s, need_key = 0;

	for (s = 1; s < TINYSKEL_SCHEME__COUNT; s++)
		if ((a->schemes & SCHEME_BIT(s)) && !a->sig_file[s])
			need_key = 1;
	if (a->tbs_dir) {
		if (!a->schemes)
			return die("--emit-tbs: name the schemes with --scheme or -S");
		return 0;
	}
	if (a->key && !a->cert)
		return die("%s: a certificate (-i) is needed to name the signer", a->key);
	if (a->cert && !a->key && need_key)
		return die("%s: a private key (-k) is needed to sign (or give --signature)", a->cert);
	if (a->key && !a->schemes)
		return die("%s: key given but no scheme: add -S or --scheme", a->key);
	if (need_key && !a->key)
		return die("signing asked for but no key (-k) and certificate (-i) given");
	if (a->schemes && !a->cert)
		return die("--signature needs the signer's certificate (-i) to check it");
	return 0;
}

/* The instructions and content a scheme signs. */
static int scheme_content(const struct sg_object *o, struct sg_sig *sig, uint8_t **content, size_t *len,
			  char *err)
{
	const uint8_t *insns = o->insns;
	size_t insns_sz = o->insns_sz;

	if (sig->scheme == TINYSKEL_SCHEME_INLOADER) {
		if (sg_inloader_insns(o, &sig->insns, &sig->insns_sz, err, SG_ERR_MAX))
			return -1;
		sg_sha256(sig->insns, sig->insns_sz, sig->insns_sha256);
		*content = malloc(sig->insns_sz);
		if (!*content)
			return -1;
		memcpy(*content, sig->insns, sig->insns_sz);
		*len = sig->insns_sz;
		return 0;
	}
	if (sig->scheme == TINYSKEL_SCHEME_CHAIN)
		return sg_content_chain(insns, insns_sz, o->data, o->data_sz, content, len);
	return sg_content_loadtime(insns, insns_sz, o->data, o->data_sz, content, len);
}

int main(int argc, char **argv)
{
	struct sg_sig sigs[TINYSKEL_SCHEME__COUNT];
	struct sg_key *key = NULL;
	struct sg_cert *cert = NULL;
	struct sg_object obj;
	struct args a;
	char err[SG_ERR_MAX] = "";
	size_t nr_sigs = 0, i;
	int s, ret = 1, have_obj = 0;

	memset(sigs, 0, sizeof(sigs));
	if (parse_args(argc, argv, &a) || check_inputs(&a))
		return 2;
	if (a.cert && !a.tbs_dir) {
		char warn[SG_ERR_MAX];

		if (sg_cert_load(a.cert, &cert, err) ||
		    sg_cert_check_use(cert, a.cert, (int64_t)time(NULL), warn, err))
			goto fail;
		if (warn[0])
			fprintf(stderr, "skelgen: %s\n", warn);
	}
	if (a.key && !a.tbs_dir) {
		if (sg_key_load(a.key, &key, err) || sg_key_matches_cert(key, a.key, cert, a.cert, err))
			goto fail;
	}
	if (sg_object_open(a.obj, a.name, &obj, err, sizeof(err)))
		goto fail;
	have_obj = 1;

	/* Strongest first, the order the runtime prefers them. */
	for (s = TINYSKEL_SCHEME__COUNT - 1; s > 0; s--) {
		struct sg_sig *sig = &sigs[nr_sigs];
		uint8_t *content = NULL;
		size_t len = 0;
		int bad;

		if (!(a.schemes & SCHEME_BIT(s)))
			continue;
		sig->scheme = (uint32_t)s;
		if (scheme_content(&obj, sig, &content, &len, err)) {
			if (!err[0])
				snprintf(err, sizeof(err), "%s: out of memory", a.obj);
			goto fail;
		}
		if (a.tbs_dir) {
			bad = sg_write_tbs(a.tbs_dir, obj.name, scheme_ids[s], content, len, err, sizeof(err));
		} else if (a.sig_file[s]) {
			bad = sg_read_file(a.sig_file[s], &sig->der, &sig->der_len, err) ||
			      sg_pkcs7_verify(sig->der, sig->der_len, a.sig_file[s], cert, content, len, err);
		} else {
			bad = sg_pkcs7_sign(key, cert, content, len, &sig->der, &sig->der_len, err);
		}
		free(content);
		nr_sigs++;
		if (bad)
			goto fail;
	}
	if (a.tbs_dir) {
		ret = 0;
		goto out;
	}
	if (sg_write_header(a.out, &obj, sigs, nr_sigs, err, sizeof(err)))
		goto fail;
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "skelgen: %s\n", err[0] ? err : "failed");
out:
	for (i = 0; i < nr_sigs; i++) {
		free(sigs[i].der);
		free(sigs[i].insns);
	}
	if (have_obj)
		sg_object_free(&obj);
	sg_key_free(key);
	sg_cert_free(cert);
	return ret;
}
