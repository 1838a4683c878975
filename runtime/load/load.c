/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * load.c - tinyskel_load(): the replacement for skel_internal.h's
 * bpf_load_and_run().
 *
 *   metadata map: create (exclusive where possible) - update - freeze
 *   [inloader: ask the kernel for the map hash so it is cached]
 *   BPF_PROG_LOAD(loader, signature fields of the chosen scheme)
 *   BPF_PROG_RUN(loader, ctx = a private copy of the skeleton's context)
 *   close map and loader; mmap global data.
 */
#include <errno.h>

#include "../internal.h"

static const char loader_license[] = "Dual BSD/GPL";

static int create_meta_map(const struct tinyskel_blob *blob, const struct tsk_plan *plan,
			   struct tinyskel_result *res)
{
	struct tsk_attr_map_create attr;
	int excl = tsk_probe_excl_known();
	int needs_excl = plan->scheme == TINYSKEL_SCHEME_LOADTIME ||
			 plan->scheme == TINYSKEL_SCHEME_INLOADER;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = TSK_BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = blob->data_sz;
	attr.max_entries = 1;
	memcpy(attr.map_name, "__loader.map", sizeof("__loader.map"));

	/* Exclusive to the loader wherever the kernel can: no other program
	 * may read or write the metadata between freeze and load.  The
	 * loadtime and inloader schemes require it. */
	if (excl != 0 || needs_excl) {
		attr.excl_prog_hash = TSK_PTR(plan->insns_sha256);
		attr.excl_prog_hash_size = 32;
		fd = tsk_sys_bpf(TSK_BPF_MAP_CREATE, &attr, TSK_MAP_CREATE_SZ_EXCL);
		if (fd >= 0 && excl < 0)
			tsk_probe_excl_set(1);
		/* Fall back to a plain map only on a first try that shows a
		 * kernel older than 6.18, and only where the scheme allows. */
		if (fd >= 0 || excl == 1 || needs_excl || (fd != -EINVAL && fd != -E2BIG))
			goto out;
		tsk_probe_excl_set(0);
		attr.excl_prog_hash = 0;
		attr.excl_prog_hash_size = 0;
	}
	fd = tsk_sys_bpf(TSK_BPF_MAP_CREATE, &attr, TSK_MAP_CREATE_SZ_PLAIN);
out:
	if (fd < 0)
		return tsk_fail(res, TINYSKEL_STEP_MAP_CREATE, (int)fd,
				tsk_reason(TINYSKEL_STEP_MAP_CREATE, plan->scheme, (int)fd));
	return (int)fd;
}

/* The bytes the kernel hashes and verifies, from the header's compact
 * forms (rebuild.c): the metadata value with its zero runs, a signature's
 * loader (sealed, or an in-loader variant) rebuilt from the common loader
 * and its edits, and its DER from the bytes it shares with the first
 * signature.  All go into scratch pages held for this load only; a header
 * in full form needs none. */
struct tsk_scratch {
	uint8_t *p;
	size_t len;
	const uint8_t *data;
};

static int expand(const struct tinyskel_blob *blob, struct tsk_plan *plan, struct tsk_scratch *sc,
		  struct tinyskel_result *res)
{
	size_t data_len = blob->nr_zeros ? blob->data_sz : 0;
	size_t insns_len = plan->insns ? 0 : plan->insns_sz;
	size_t der_len = plan->send_sig && !plan->sig_der ? (plan->sig->sig_sz + 7) & ~(size_t)7 : 0;
	int err = 0;

	sc->data = blob->data;
	sc->len = data_len + insns_len + der_len;
	if (!sc->len)
		return 0;
	sc->p = tsk_sys_scratch(sc->len, &err);
	if (!sc->p) {
		sc->len = 0;
		return tsk_fail(res, TINYSKEL_STEP_MAP_CREATE, err,
				TSK_WHY("no memory to rebuild the header's loader or metadata"));
	}
	if (data_len) {
		tinyskel_data_read(blob, 0, blob->data_sz, sc->p);
		sc->data = sc->p;
	}
	if (insns_len) {
		if (tinyskel_insns_rebuild(blob, plan->sig, sc->p + data_len))
			return tsk_fail(res, TINYSKEL_STEP_VALIDATE, -EINVAL,
					TSK_WHY("header's signature edits do not fit its loader"));
		plan->insns = sc->p + data_len;
	}
	if (der_len) {
		tinyskel_sig_read(blob, plan->sig, sc->p + data_len + insns_len);
		plan->sig_der = sc->p + data_len + insns_len;
	}
	return 0;
}

static int fill_meta_map(int map_fd, const uint8_t *data, const struct tsk_plan *plan,
			 struct tinyskel_result *res)
{
	struct tsk_attr_map_elem elem;
	struct tsk_attr_map_freeze freeze;
	uint32_t key = 0;
	long err;

	memset(&elem, 0, sizeof(elem));
	elem.map_fd = (uint32_t)map_fd;
	elem.key = TSK_PTR(&key);
	elem.value = TSK_PTR(data);
	err = tsk_sys_bpf(TSK_BPF_MAP_UPDATE_ELEM, &elem, sizeof(elem));
	if (err < 0)
		return tsk_fail(res, TINYSKEL_STEP_MAP_UPDATE, (int)err,
				tsk_reason(TINYSKEL_STEP_MAP_UPDATE, plan->scheme, (int)err));

	/* Frozen for every scheme: signed schemes hash the frozen value, and
	 * an unsigned load gains a map nobody can change after this point. */
	memset(&freeze, 0, sizeof(freeze));
	freeze.map_fd = (uint32_t)map_fd;
	err = tsk_sys_bpf(TSK_BPF_MAP_FREEZE, &freeze, sizeof(freeze));
	if (err < 0)
		return tsk_fail(res, TINYSKEL_STEP_MAP_FREEZE, (int)err,
				tsk_reason(TINYSKEL_STEP_MAP_FREEZE, plan->scheme, (int)err));
	return 0;
}

/* inloader: the loader reads the kernel's cached map hash, which the kernel
 * computes when asked through BPF_OBJ_GET_INFO_BY_FD.  Compare it with the
 * header's own so a mismatch is reported here, by name, not as -EINVAL
 * from inside the loader. */
static int cache_map_hash(int map_fd, const struct tinyskel_blob *blob, struct tinyskel_result *res)
{
	struct tsk_bpf_map_info info;
	struct tsk_attr_info attr;
	uint8_t hash[32];
	long err;

	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	info.hash = TSK_PTR(hash);
	info.hash_size = sizeof(hash);
	attr.bpf_fd = (uint32_t)map_fd;
	attr.info_len = sizeof(info);
	attr.info = TSK_PTR(&info);
	err = tsk_sys_bpf(TSK_BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr));
	if (err < 0)
		return tsk_fail(res, TINYSKEL_STEP_MAP_HASH, (int)err,
				tsk_reason(TINYSKEL_STEP_MAP_HASH, TINYSKEL_SCHEME_INLOADER, (int)err));
	if (memcmp(hash, blob->data_sha256, sizeof(hash)) != 0)
		return tsk_fail(res, TINYSKEL_STEP_MAP_HASH, -EBADMSG,
				TSK_WHY("kernel's hash of the metadata map differs from the header's"));
	return 0;
}

static long prog_load(const struct tsk_plan *plan, int *map_fd, const struct tinyskel_opts *opts,
		      uint32_t log_level, struct tinyskel_result *res)
{
	static const int sig_map_idx[1] = { 0 };
	struct tsk_attr_prog_load attr;
	unsigned int attr_sz = TSK_PROG_LOAD_SZ_PLAIN;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = TSK_BPF_PROG_TYPE_SYSCALL;
	attr.insns = TSK_PTR(plan->insns);
	attr.insn_cnt = plan->insns_sz / 8;
	attr.license = TSK_PTR(loader_license);
	attr.prog_flags = TSK_BPF_F_SLEEPABLE;
	memcpy(attr.prog_name, "__loader.prog", sizeof("__loader.prog"));
	attr.fd_array = TSK_PTR(map_fd);
	if (log_level && opts->log_buf && opts->log_size) {
		attr.log_level = log_level;
		attr.log_buf = TSK_PTR(opts->log_buf);
		attr.log_size = opts->log_size;
		opts->log_buf[0] = '\0';
	}
	if (plan->send_sig) {
		attr.signature = TSK_PTR(plan->sig_der);
		attr.signature_size = plan->sig->sig_sz;
		attr.keyring_id = plan->keyring_id;
		attr_sz = TSK_PROG_LOAD_SZ_SIGNED;
		if (plan->scheme == TINYSKEL_SCHEME_LOADTIME)
			attr.fd_array_cnt = 1;
		if (plan->scheme == TINYSKEL_SCHEME_CHAIN) {
			attr.signature_maps = TSK_PTR(sig_map_idx);
			attr.signature_maps_size = 1;
			attr_sz = TSK_PROG_LOAD_SZ_CHAIN;
		}
	}
	fd = tsk_sys_bpf(TSK_BPF_PROG_LOAD, &attr, attr_sz);
	res->log_true_size = attr.log_true_size;
	return fd;
}

static int load_loader(const struct tsk_plan *plan, int map_fd, const struct tinyskel_opts *opts,
		       struct tinyskel_result *res)
{
	long fd = prog_load(plan, &map_fd, opts, opts->log_level, res);

	/* With a log buffer but no level, load quietly first and ask for the
	 * verifier's log only when the verifier refused (EINVAL, EACCES): a
	 * successful load costs no logging, a refused one still explains
	 * itself, and signature errors (which log nothing) are not retried. */
	if ((fd == -EINVAL || fd == -EACCES) && !opts->log_level && opts->log_buf && opts->log_size)
		fd = prog_load(plan, &map_fd, opts, CONFIG_LOG_LEVEL, res);
	if (fd >= 0)
		return (int)fd;
	if (fd == -ENOSPC && opts->log_buf)
		return tsk_fail(res, TINYSKEL_STEP_PROG_LOAD, (int)fd,
				TSK_WHY("verifier log buffer too small (see log_true_size)"));
	return tsk_fail(res, TINYSKEL_STEP_PROG_LOAD, (int)fd, tsk_prog_load_reason(plan, (int)fd));
}

/* Where the verifier log of a program the loader loads goes (the loader
 * loads each program with its context's log fields). */
static uint32_t log_where(const struct tinyskel_loader_ctx *ctx, const struct tinyskel_opts *opts)
{
	if (ctx->log_buf && ctx->log_size && ctx->log_level)
		return opts->log_buf && ctx->log_buf == TSK_PTR(opts->log_buf) ? TSK_LOG_OPTS : TSK_LOG_SKEL;
	return opts->log_buf && opts->log_size ? TSK_LOG_NO_LEVEL : TSK_LOG_NONE;
}

/* Does this kernel lack vmlinux BTF?  The (cached) layout probe sees
 * exactly that (ENOTSUPP on a map-pointer read); a loader that failed
 * inside may have failed for want of it (CO-RE, BTF-typed programs). */
static int kernel_lacks_btf(void)
{
#ifdef CONFIG_ERROR_STRINGS
	struct tinyskel_features f;

	memset(&f, 0, sizeof(f));
	tinyskel_probe_layout(&f);
	return f.layout_err[0] == -524;
#else
	return 0; /* the reason is the step's name: nothing to explain */
#endif
}

static int run_loader(int prog_fd, const struct tinyskel_skel_info *info, void *ctx,
		      const struct tinyskel_opts *opts, struct tinyskel_result *res)
{
	struct tsk_attr_test_run attr;
	long err;

	memset(&attr, 0, sizeof(attr));
	attr.prog_fd = (uint32_t)prog_fd;
	attr.ctx_in = TSK_PTR(ctx);
	attr.ctx_size_in = info->ctx_sz;
	err = tsk_sys_bpf(TSK_BPF_PROG_RUN, &attr, sizeof(attr));
	if (err < 0)
		return tsk_fail(res, TINYSKEL_STEP_PROG_RUN, (int)err,
				tsk_reason(TINYSKEL_STEP_PROG_RUN, 0, (int)err));
	if ((int32_t)attr.retval < 0) {
		int32_t ret = (int32_t)attr.retval;
		int no_btf = ret != TINYSKEL_LOADER_TAMPERED && kernel_lacks_btf();

		return tsk_loader_failed(info, ret, log_where(ctx, opts), no_btf, res);
	}
	return 0;
}

/* The loader's context, private to this call: one read of every input the
 * skeleton holds, taken before the checks that then judge this copy, and
 * the only memory BPF_PROG_RUN gets.  The caller's skeleton is not read
 * again until the fds are copied back, so a write to it from another
 * thread or a signal handler after the checks changes nothing loaded. */
static void ctx_build(const struct tinyskel_skel_info *info, const void *skel, void *ctx,
		      const struct tinyskel_opts *opts)
{
	struct tinyskel_loader_ctx *c = ctx;
	uint32_t i;

	memcpy(ctx, skel, info->ctx_sz);
	c->sz = info->ctx_sz;
	c->flags = 0; /* user space: the loader copies from user memory */
	/* The loader loads each program with the log fields of its context:
	 * with a log level, the caller's buffer also gets the verifier's words
	 * about the program the loader failed on (unless the app set
	 * skel->ctx.log_* itself, as bpftool's light skeletons allow). */
	if (opts->log_level && opts->log_buf && opts->log_size && !c->log_buf) {
		c->log_level = opts->log_level;
		c->log_size = opts->log_size;
		c->log_buf = TSK_PTR(opts->log_buf);
	}
	for (i = 0; i < info->nr_maps; i++)
		TSK_AT(ctx, info->maps[i].desc_off, struct tinyskel_map_desc)->map_fd = 0;
	for (i = 0; i < info->nr_progs; i++)
		TSK_AT(ctx, info->progs[i].desc_off, struct tinyskel_prog_desc)->prog_fd = 0;
}

/* The kernel refused a program the loader loads, the caller gave a log
 * buffer but no level ("log only on failure"): load once more, from a new
 * metadata map, with the verifier's log for the programs the loader loads,
 * so the buffer explains the refusal.  The loader closed what it made. */
static int log_retry(const struct tinyskel_skel_info *info, void *ctx, const struct tinyskel_opts *opts,
		     struct tinyskel_result *res)
{
	struct tinyskel_loader_ctx *c = ctx;

	if (res->step != TINYSKEL_STEP_LOADER || !TINYSKEL_LOADER_RET_IS_PROG(res->loader_ret) ||
	    TINYSKEL_LOADER_RET_PROG(res->loader_ret) >= info->nr_progs || opts->log_level || !opts->log_buf ||
	    !opts->log_size || c->log_buf)
		return 0;
	c->log_level = CONFIG_LOG_LEVEL;
	c->log_size = opts->log_size;
	c->log_buf = TSK_PTR(opts->log_buf);
	opts->log_buf[0] = '\0';
	res->err = 0;
	res->step = TINYSKEL_STEP_NONE;
	res->loader_ret = 0;
	res->name = NULL;
	return 1;
}

/* After a successful run: the fds the loader wrote, and nothing else. */
static void ctx_fds_back(const struct tinyskel_skel_info *info, const void *ctx, void *skel)
{
	uint32_t i;

	for (i = 0; i < info->nr_maps; i++)
		TSK_AT(skel, info->maps[i].desc_off, struct tinyskel_map_desc)->map_fd =
			TSK_AT(ctx, info->maps[i].desc_off, struct tinyskel_map_desc)->map_fd;
	for (i = 0; i < info->nr_progs; i++)
		TSK_AT(skel, info->progs[i].desc_off, struct tinyskel_prog_desc)->prog_fd =
			TSK_AT(ctx, info->progs[i].desc_off, struct tinyskel_prog_desc)->prog_fd;
}

/* The loader closes what it created when it fails and writes fds into the
 * skeleton only when it succeeds; still, never leave a number behind that
 * destroy() would close. */
static void forget_fds(const struct tinyskel_skel_info *info, void *skel)
{
	uint32_t i;

	for (i = 0; i < info->nr_maps; i++)
		TSK_AT(skel, info->maps[i].desc_off, struct tinyskel_map_desc)->map_fd = 0;
	for (i = 0; i < info->nr_progs; i++)
		TSK_AT(skel, info->progs[i].desc_off, struct tinyskel_prog_desc)->prog_fd = 0;
}

/* A loaded skeleton holds fds; loading it again would leak them all. */
static int holds_fds(const struct tinyskel_skel_info *info, void *skel)
{
	uint32_t i;

	for (i = 0; i < info->nr_maps; i++)
		if (TSK_AT(skel, info->maps[i].desc_off, struct tinyskel_map_desc)->map_fd)
			return 1;
	for (i = 0; i < info->nr_progs; i++)
		if (TSK_AT(skel, info->progs[i].desc_off, struct tinyskel_prog_desc)->prog_fd)
			return 1;
	return 0;
}

int tinyskel_load(const struct tinyskel_skel_info *info, void *skel,
		  const struct tinyskel_opts *user_opts, struct tinyskel_result *res)
{
	struct tinyskel_result local_res;
	struct tinyskel_opts opts;
	struct tsk_plan plan;
	struct tsk_low_fds held = { { 0 }, 0 };
	struct tsk_scratch sc = { NULL, 0, NULL };
	/* TINYSKEL_LOADER_CTX_MAX bytes (1176) of stack: the private context */
	uint64_t ctx[TINYSKEL_LOADER_CTX_MAX / 8];
	int err, map_fd = -1, prog_fd = -1, retried = 0;

	if (!res)
		res = &local_res;
	memset(res, 0, sizeof(*res));
	res->reason = "";
	if (!skel)
		return tsk_fail(res, TINYSKEL_STEP_VALIDATE, -EINVAL, TSK_WHY("no skeleton storage (skel is NULL)"));
	err = tsk_opts_read(user_opts, &opts, res);
	if (err)
		return err;
	err = tinyskel_validate(info, res);
	if (err)
		return err;
	if (holds_fds(info, skel))
		return tsk_fail(res, TINYSKEL_STEP_VALIDATE, -EBUSY,
				TSK_WHY("skeleton already loaded (destroy it first)"));
	if (info->ctx_sz > sizeof(ctx))
		return tsk_fail(res, TINYSKEL_STEP_VALIDATE, -E2BIG,
				TSK_WHY("loader context larger than a libbpf loader addresses (64 maps, 32 programs)"));
	/* Precedence: opts->keyring_id (use_keyring) > skel->keyring_id, which
	 * tinyskel_init() set to the Kconfig default and the app may change.
	 * A locked build's floor holds for the skeleton's keyring too. */
	if (!opts.use_keyring && info->keyring_off) {
		opts.use_keyring = 1;
		opts.keyring_id = *TSK_AT(skel, info->keyring_off, int32_t);
		err = tsk_opts_floor(&opts, res);
		if (err)
			return err;
	}
	err = tsk_plan_load(info->blob, &opts, res, &plan);
	if (err)
		return err;
	res->scheme = plan.send_sig ? plan.scheme : TINYSKEL_SCHEME_NONE;
	res->sig_flags = plan.sig ? plan.sig->flags & TINYSKEL_SIG_INLOADER_NO_EXCL : 0; /* which in-loader variant */
	ctx_build(info, skel, ctx, &opts);
	if (plan.send_sig) {
		err = tsk_sealed_check(info, skel, ctx, res);
		if (err)
			return err;
	}

	err = expand(info->blob, &plan, &sc, res);
	if (err < 0)
		goto out;
again:
	err = map_fd = create_meta_map(info->blob, &plan, res);
	if (err < 0)
		goto out;
	/* fd 0 means "none" in the skeleton: no fd of this load, nor of the
	 * loader program, may take a hole the app left below 3. */
	err = map_fd = (int)tsk_fd_fill_low(map_fd, &held);
	if (err < 0) {
		tsk_fail(res, TINYSKEL_STEP_MAP_CREATE, err, tsk_reason(TINYSKEL_STEP_MAP_CREATE, plan.scheme, err));
		goto out;
	}
	err = fill_meta_map(map_fd, sc.data, &plan, res);
	if (err)
		goto out;
	if (plan.scheme == TINYSKEL_SCHEME_INLOADER) {
		err = cache_map_hash(map_fd, info->blob, res);
		if (err)
			goto out;
	}
	err = prog_fd = load_loader(&plan, map_fd, &opts, res);
	if (err < 0)
		goto out;
	err = run_loader(prog_fd, info, ctx, &opts, res);
	if (!err)
		ctx_fds_back(info, ctx, skel);
out:
	if (prog_fd >= 0)
		tsk_sys_close(prog_fd);
	if (map_fd >= 0)
		tsk_sys_close(map_fd);
	tsk_fd_release_low(&held);
	if (err < 0 && !retried && log_retry(info, ctx, &opts, res)) {
		retried = 1;
		map_fd = prog_fd = -1;
		goto again;
	}
	/* after the retry, which loads the same rebuilt bytes again */
	if (sc.p)
		tsk_sys_scratch_free(sc.p, sc.len);
	if (err < 0) {
		forget_fds(info, skel);
		return err;
	}
	err = tsk_globals_map(info, skel, res);
	if (err)
		return err;
	res->reason = tsk_reason(TINYSKEL_STEP_NONE, res->scheme, 0);
#ifdef CONFIG_ERROR_STRINGS
	if (plan.unsigned_fallback)
		res->reason = "loaded unsigned: the kernel cannot verify this header's signatures (policy allows)";
#endif
	return 0;
}
