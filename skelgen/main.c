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

#include "gen/cident.h"
#include "gen/compact.h"
#include "gen/emit.h"
#include "gen/inloader.h"
#include "gen/isolate.h"
#include "gen/kconfig.h"
#include "out/outfile.h"
#include "gen/model.h"
#include "out/output.h"
#include "sign/sign.h"

#define SCHEME_BIT(s) (1u << (s))
/* -S: every scheme a kernel of today verifies, so one -S header verifies on
 * 6.18 LTS devices (inloader) as well as newer kernels; --scheme narrows. */
#define DEFAULT_SCHEMES                                                                     \
	(SCHEME_BIT(TINYSKEL_SCHEME_CHAIN) | SCHEME_BIT(TINYSKEL_SCHEME_LOADTIME) |         \
	 SCHEME_BIT(TINYSKEL_SCHEME_INLOADER))
static const char *const scheme_ids[TINYSKEL_SCHEME__COUNT] = { "none", "inloader", "loadtime", "chain" };
/* The in-loader scheme signs two variants (tinyskel.h, TINYSKEL_SIG_*); the
 * one without the excl read has its own name for --emit-tbs/--signature. */
#define NO_EXCL_ID "inloader-noexcl"
#define NO_EXCL_SLOT TINYSKEL_SCHEME__COUNT
#define NR_SIG_SLOTS (TINYSKEL_SCHEME__COUNT + 1)

struct args {
	const char *obj, *out, *name, *key, *cert, *tbs_dir;
	const char *sig_file[NR_SIG_SLOTS];
	uint32_t schemes;
	const char *kconfig_file;   /* --kconfig: the device kernel's .config */
	uint32_t kernel_version;    /* --kernel-version, KERNEL_VERSION(a, b, c); 0: none */
	const char *kernel_arch;    /* --kernel-arch (uname -m of the device) */
	char *kconfig;              /* its text, read by the parent */
	int sign_all, scheme_list;  /* -S given; --scheme given (it narrows -S) */
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
		"                           (checked against -i and the content first); inloader\n"
		"                           needs two: inloader=F and " NO_EXCL_ID "=F (early 6.18.y)\n"
		"      --kconfig FILE       the device kernel's .config, for CONFIG_* __kconfig externs\n"
		"      --kernel-version X.Y.Z  the device's kernel, for LINUX_KERNEL_VERSION\n"
		"      --kernel-arch ARCH   the device kernel's uname -m, for LINUX_HAS_SYSCALL_WRAPPER\n"
		"                           (BPF_KSYSCALL) when no --kconfig is given\n"
		"      --target-endian little|big  refuse an object of the other byte order (the header\n"
		"                           is in the object's: clang -target bpfel / bpfeb)\n"
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
	enum { OPT_SCHEME = 256, OPT_TBS, OPT_SIG, OPT_VERSION, OPT_KCONFIG, OPT_KVER, OPT_KARCH, OPT_ENDIAN };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' }, { "name", required_argument, NULL, 'n' },
		{ "key", required_argument, NULL, 'k' },    { "cert", required_argument, NULL, 'i' },
		{ "sign", no_argument, NULL, 'S' },         { "sign-maps", no_argument, NULL, 'M' },
		{ "scheme", required_argument, NULL, OPT_SCHEME },
		{ "emit-tbs", required_argument, NULL, OPT_TBS },
		{ "signature", required_argument, NULL, OPT_SIG },
		{ "kconfig", required_argument, NULL, OPT_KCONFIG },
		{ "kernel-version", required_argument, NULL, OPT_KVER },
		{ "kernel-arch", required_argument, NULL, OPT_KARCH },
		{ "target-endian", required_argument, NULL, OPT_ENDIAN },
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
		case OPT_KCONFIG: a->kconfig_file = optarg; break;
		case OPT_KARCH: a->kernel_arch = optarg; break;
		case OPT_KVER:
			a->kernel_version = sg_kconfig_parse_version(optarg);
			if (!a->kernel_version)
				return die("--kernel-version: '%s' is not X.Y.Z (e.g. 6.1.55)", optarg);
			break;
		case OPT_ENDIAN:
			if (strcmp(optarg, "little") && strcmp(optarg, "big"))
				return die("--target-endian: '%s' is not little or big", optarg);
			sg_object_target_endian(optarg[0] == 'b' ? SG_ENDIAN_BIG : SG_ENDIAN_LITTLE);
			break;
		case OPT_SIG: {
			const char *eq = strchr(optarg, '=');
			int id = eq ? scheme_id(optarg, (size_t)(eq - optarg)) : -1;

			if (eq && (size_t)(eq - optarg) == strlen(NO_EXCL_ID) && !strncmp(optarg, NO_EXCL_ID, strlen(NO_EXCL_ID)))
				id = NO_EXCL_SLOT;
			if (id < 0 || !eq[1])
				return die("--signature: expected SCHEME=FILE with SCHEME one of chain, loadtime, inloader, " NO_EXCL_ID);
			a->sig_file[id] = eq + 1;
			a->schemes |= SCHEME_BIT(id == NO_EXCL_SLOT ? TINYSKEL_SCHEME_INLOADER : id);
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
		if (!*a->name || strlen(a->name) >= SG_IDENT_MAX)
			return die("--name: bad length");
		if (sg_skel_name_problem(a->name))
			return die("--name: '%s' cannot name the skeleton: %s", a->name, sg_skel_name_problem(a->name));
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
	if ((a->schemes & SCHEME_BIT(TINYSKEL_SCHEME_INLOADER)) && !a->sig_file[NO_EXCL_SLOT])
		need_key = 1;
	if (a->tbs_dir) {
		if (!a->schemes)
			return die("--emit-tbs: name the schemes with --scheme or -S");
		/* it writes DIR/NAME.SCHEME.tbs: an -o would be silently ignored */
		if (a->out)
			return die("-o %s: --emit-tbs writes %s/NAME.SCHEME.tbs, not a header (drop -o)", a->out,
				   a->tbs_dir);
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

/* The instructions and content a scheme signs: the sealed loader
 * (gen/loader.h), which each signature carries as its own instructions;
 * the in-loader variants add their check on top of it. */
static int scheme_content(const struct sg_object *o, struct sg_sig *sig, uint8_t **content, size_t *len,
			  char *err)
{
	if (sig->scheme == TINYSKEL_SCHEME_INLOADER) {
		int excl = !(sig->flags & TINYSKEL_SIG_INLOADER_NO_EXCL);

		if (sg_inloader_insns(o, excl, &sig->insns, &sig->insns_sz, err, SG_ERR_MAX))
			return -1;
	} else {
		sig->insns = malloc(o->sealed_sz);
		if (!sig->insns)
			return -1;
		memcpy(sig->insns, o->sealed, o->sealed_sz);
		sig->insns_sz = o->sealed_sz;
	}
	/* Stored as edits of the common loader when the runtime's rebuild
	 * gives back exactly these bytes (gen/compact.h), else in full; an
	 * in-loader variant preferably as the sealed loader's edits plus the
	 * check the runtime generates. */
	if ((sig->scheme != TINYSKEL_SCHEME_INLOADER || sg_check_edits(o, sig, err, SG_ERR_MAX)) &&
	    sg_edits(o, sig->insns, sig->insns_sz, &sig->edits, &sig->nr_edits, err, SG_ERR_MAX)) {
		sig->edits = NULL;
		sig->nr_edits = 0;
	}
	err[0] = '\0';
	sg_sha256(sig->insns, sig->insns_sz, sig->insns_sha256);
	if (sig->scheme == TINYSKEL_SCHEME_CHAIN)
		return sg_content_chain(sig->insns, sig->insns_sz, o->data, o->data_sz, content, len);
	if (sig->scheme == TINYSKEL_SCHEME_LOADTIME)
		return sg_content_loadtime(sig->insns, sig->insns_sz, o->data, o->data_sz, content, len);
	*content = malloc(sig->insns_sz);
	if (!*content)
		return -1;
	memcpy(*content, sig->insns, sig->insns_sz);
	*len = sig->insns_sz;
	return 0;
}

struct job {
	const struct args *a;
	const struct sg_key *key;
	const struct sg_cert *cert;
};

/* One output record for the parent: path length (0: stdout), path, length, bytes. */
static int put_output(FILE *out, const char *path, const void *buf, size_t len)
{
	uint32_t plen = path && strcmp(path, "-") ? (uint32_t)strlen(path) : 0;
	uint64_t n = len;

	return fwrite(&plen, sizeof(plen), 1, out) != 1 || fwrite(path, 1, plen, out) != plen ||
	       fwrite(&n, sizeof(n), 1, out) != 1 || fwrite(buf, 1, len, out) != len ? -1 : 0;
}

/* The worker (a child process, see isolate.h): object -> loader, signed
 * content, signatures, and the bytes of every file to write. */
static int generate(void *arg, FILE *out, char *err, size_t errlen)
{
	const struct job *j = arg;
	const struct args *a = j->a;
	static const int slots[] = { TINYSKEL_SCHEME_CHAIN, TINYSKEL_SCHEME_LOADTIME, TINYSKEL_SCHEME_INLOADER,
				     NO_EXCL_SLOT };
	struct sg_sig sigs[NR_SIG_SLOTS];
	struct sg_object obj;
	size_t nr_sigs = 0, i, k;
	int ret = -1;

	(void)errlen; /* SG_ERR_MAX, what every sg_* function below writes */
	memset(sigs, 0, sizeof(sigs));
	struct sg_target target = { a->kconfig, a->kernel_version, a->kernel_arch };

	if (sg_object_open_target(a->obj, a->name, &target, &obj, err, SG_ERR_MAX))
		return -1;
	/* Strongest first, the order the runtime prefers them; the in-loader
	 * scheme twice (with, then without the excl read). */
	for (k = 0; k < sizeof(slots) / sizeof(slots[0]); k++) {
		int slot = slots[k], scheme = slot == NO_EXCL_SLOT ? TINYSKEL_SCHEME_INLOADER : slot;
		const char *id = slot == NO_EXCL_SLOT ? NO_EXCL_ID : scheme_ids[slot];
		struct sg_sig *sig = &sigs[nr_sigs];
		uint8_t *content = NULL;
		size_t len = 0;
		int bad;

		if (!(a->schemes & SCHEME_BIT(scheme)))
			continue;
		sig->scheme = (uint32_t)scheme;
		sig->flags = slot == NO_EXCL_SLOT ? TINYSKEL_SIG_INLOADER_NO_EXCL : 0;
		if (scheme_content(&obj, sig, &content, &len, err)) {
			if (!err[0])
				snprintf(err, SG_ERR_MAX, "%s: out of memory", a->obj);
			goto out;
		}
		if (a->tbs_dir) {
			char path[4096];

			bad = (size_t)snprintf(path, sizeof(path), "%s/%s.%s.tbs", a->tbs_dir, obj.name,
					       id) >= sizeof(path);
			if (bad)
				snprintf(err, SG_ERR_MAX, "%s: path too long", a->tbs_dir);
			else if ((bad = put_output(out, path, content, len)))
				snprintf(err, SG_ERR_MAX, "%s: out of memory", a->obj);
		} else if (a->sig_file[slot]) {
			bad = sg_read_file(a->sig_file[slot], &sig->der, &sig->der_len, err) ||
			      sg_pkcs7_verify(sig->der, sig->der_len, a->sig_file[slot], j->cert, content, len, err);
		} else {
			bad = sg_pkcs7_sign(j->key, j->cert, content, len, &sig->der, &sig->der_len, err);
		}
		free(content);
		nr_sigs++;
		if (bad)
			goto out;
	}
	if (!a->tbs_dir) {
		char *hdr = NULL;
		size_t hlen = 0;

		if (sg_render_header(&obj, sigs, nr_sigs, &hdr, &hlen, err, SG_ERR_MAX))
			goto out;
		if (put_output(out, a->out, hdr, hlen)) {
			snprintf(err, SG_ERR_MAX, "%s: out of memory", a->obj);
			free(hdr);
			goto out;
		}
		free(hdr);
	}
	ret = 0;
out:
	for (i = 0; i < nr_sigs; i++) {
		free(sigs[i].der);
		free(sigs[i].insns);
		free(sigs[i].edits);
	}
	sg_object_free(&obj);
	return ret;
}

/* The worker's records back into outputs (pointing into buf). */
static int decode(uint8_t *buf, size_t len, struct sg_output *outs, size_t *n)
{
	size_t off = 0;

	*n = 0;
	while (off < len) {
		struct sg_output *o = &outs[*n];
		uint32_t plen;
		uint64_t blen;

		if (*n == NR_SIG_SLOTS || len - off < sizeof(plen))
			return -1;
		memcpy(&plen, buf + off, sizeof(plen));
		off += sizeof(plen);
		if (len - off < (size_t)plen + sizeof(blen))
			return -1;
		o->path = plen ? strndup((char *)buf + off, plen) : NULL;
		off += plen;
		memcpy(&blen, buf + off, sizeof(blen));
		off += sizeof(blen);
		if (len - off < blen)
			return -1;
		o->buf = buf + off;
		o->len = (size_t)blen;
		off += (size_t)blen;
		(*n)++;
	}
	return 0;
}

/* An output that is one of the inputs would destroy it (-o k.pem -k k.pem). */
static int overwrites_input(const struct args *a, const char *out, char *err)
{
	const char *in[4 + NR_SIG_SLOTS] = { a->obj, a->key, a->cert, a->kconfig_file };
	size_t i;

	for (i = 0; i < NR_SIG_SLOTS; i++)
		in[4 + i] = a->sig_file[i];
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		if (out && in[i] && sg_same_file(out, in[i])) {
			snprintf(err, SG_ERR_MAX, "%s: is the input %s: refusing to overwrite it", out, in[i]);
			return 1;
		}
	return 0;
}

/* libbpf and the BTF walker read the object in a child: a crash there is a
 * one-line error.  A real object takes well under a second. */
#define WORKER_TIMEOUT_S 60

int main(int argc, char **argv)
{
	struct sg_output outs[NR_SIG_SLOTS];
	struct sg_key *key = NULL;
	struct sg_cert *cert = NULL;
	struct args a;
	struct job job;
	char err[SG_ERR_MAX] = "";
	uint8_t *res = NULL;
	size_t res_len = 0, nr_outs = 0, i;
	int ret = 1;

	memset(outs, 0, sizeof(outs));
	if (parse_args(argc, argv, &a) || check_inputs(&a))
		return 2;
	if (overwrites_input(&a, a.out, err))
		goto fail;
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
	if (a.kconfig_file) {
		uint8_t *text;
		size_t len;

		if (sg_read_file(a.kconfig_file, &text, &len, err))
			goto fail;
		a.kconfig = (char *)text; /* NUL-terminated by sg_read_file */
	}
	job = (struct job){ &a, key, cert };
	if (sg_isolate(generate, &job, a.obj, WORKER_TIMEOUT_S, &res, &res_len, err, sizeof(err)))
		goto fail;
	if (decode(res, res_len, outs, &nr_outs)) {
		snprintf(err, sizeof(err), "%s: the worker's result is garbled", a.obj);
		goto fail;
	}
	for (i = 0; i < nr_outs; i++)
		if (overwrites_input(&a, outs[i].path, err))
			goto fail;
	if (sg_write_outputs(outs, nr_outs, err, sizeof(err)))
		goto fail;
	ret = 0;
	goto out;
fail:
	fprintf(stderr, "skelgen: %s\n", err[0] ? err : "failed");
out:
	for (i = 0; i < nr_outs; i++)
		free((char *)outs[i].path);
	free(res);
	free(a.kconfig);
	sg_key_free(key);
	sg_cert_free(cert);
	return ret;
}
