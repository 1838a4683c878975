// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * lifecycle_test.c - a load's fds and mappings from start to destroy: every
 * failing step reports itself and leaves nothing open; a good load hands the
 * skeleton exactly its maps and programs; global data reaches the maps and
 * comes back mapped with the device's page size; attach and destroy.
 */
#include "model_test.h"

struct fault {
	const char *name;
	enum km_kernel kind;
	int call;
	int err;
	uint32_t step;
};

static const struct fault faults[] = {
	{ "map create", KM_CHAIN, TSK_BPF_MAP_CREATE, -ENOMEM, TINYSKEL_STEP_MAP_CREATE },
	{ "map update", KM_CHAIN, TSK_BPF_MAP_UPDATE_ELEM, -EFAULT, TINYSKEL_STEP_MAP_UPDATE },
	{ "map freeze", KM_CHAIN, TSK_BPF_MAP_FREEZE, -EBUSY, TINYSKEL_STEP_MAP_FREEZE },
	{ "map hash", KM_6_18_VERIFY, TSK_BPF_OBJ_GET_INFO_BY_FD, -EFAULT, TINYSKEL_STEP_MAP_HASH },
	{ "prog load", KM_LOADTIME, TSK_BPF_PROG_LOAD, -ENOMEM, TINYSKEL_STEP_PROG_LOAD },
	{ "prog run", KM_CHAIN, TSK_BPF_PROG_RUN, -EFAULT, TINYSKEL_STEP_PROG_RUN },
	{ "first mmap", KM_CHAIN, KM_CALL_MMAP, -ENOMEM, TINYSKEL_STEP_MMAP },
};

static uint32_t picked(enum km_kernel kind)
{
	return kind == KM_CHAIN ? TINYSKEL_SCHEME_CHAIN :
	       kind == KM_LOADTIME ? TINYSKEL_SCHEME_LOADTIME : TINYSKEL_SCHEME_INLOADER;
}

static void test_faults(void)
{
	struct tinyskel_opts o = policy_opts(TINYSKEL_POLICY_REQUIRE_SIGNED);
	struct km_config cfg;
	struct tinyskel_result r;
	size_t i;

	for (i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		const struct fault *f = &faults[i];

		check_ctx = f->name;
		setup(f->kind, counter_rsa__info());
		tinyskel_probe(NULL); /* probes first, so the fault hits the load */
		km_fail(f->call, km_stats()->calls[f->call] + 1, f->err);
		EXPECT_LOAD(counter_rsa__info(), &o, f->err, f->step, picked(f->kind));
	}

	/* The second global map fails to map: the first is unmapped again. */
	check_ctx = "second mmap";
	setup(KM_CHAIN, counter_rsa__info());
	km_fail(KM_CALL_MMAP, 2, -ENOMEM);
	EXPECT_LOAD(counter_rsa__info(), &o, -ENOMEM, TINYSKEL_STEP_MMAP, TINYSKEL_SCHEME_CHAIN);
	CHECK_INT(km_stats()->bad_munmaps, 0);

	/* The loader itself fails (a map or program it loads refused). */
	check_ctx = "loader fails";
	cfg = kind_cfg(KM_CHAIN);
	cfg.loader_retval = -ENOSPC;
	setup_cfg(&cfg, counter_rsa__info());
	EXPECT_LOAD(counter_rsa__info(), &o, -ENOSPC, TINYSKEL_STEP_LOADER, TINYSKEL_SCHEME_CHAIN);
	try_load(counter_rsa__info(), &o, &r);
	CHECK_INT(r.loader_ret, -ENOSPC);

	/* close() reporting an error still releases the fd. */
	check_ctx = "close errors";
	setup(KM_CHAIN, counter_rsa__info());
	km_fail(KM_CALL_CLOSE, 0, -EINTR);
	EXPECT_OK(counter_rsa__info(), &o, TINYSKEL_SCHEME_CHAIN);
}

/* Global data: set before load, copied in by the loader, mapped after. */
static void test_globals(void)
{
	struct tinyskel_opts o = policy_opts(TINYSKEL_POLICY_REQUIRE_SIGNED);
	struct counter_rsa *s = &test_skel;
	struct km_map_view v;
	struct tinyskel_result r;

	check_ctx = "globals";
	setup(KM_CHAIN, counter_rsa__info());
	tinyskel_init(counter_rsa__info(), s);
	s->data->target_pid = 4242;
	s->data->target_syscall = 110;
	s->data->enabled = 1;
	CHECK_INT(tinyskel_load(counter_rsa__info(), s, &o, &r), 0);
	CHECK_INT(km_open_fds(), 5);
	CHECK_INT(km_open_mmaps(), 3);
	CHECK(km_map_view(s->maps.data.map_fd, &v) == 0);
	CHECK_INT(*(const int32_t *)(v.value + offsetof(struct counter_rsa__data, target_pid)), 4242);
	/* (.data: the app's, in a signed load too) */
	CHECK(km_map_view(s->maps.rodata.map_fd, &v) == 0);
	CHECK_INT(v.frozen, 1);
	CHECK_INT(*(const uint32_t *)v.value, 1); /* .rodata: the signed off_slot */
	/* skel->rodata now points at the map, read-only */
	CHECK((void *)s->rodata != (void *)&s->tinyskel_storage.rodata);
	CHECK_INT(s->rodata->off_slot, 1);
	CHECK_INT(s->data->target_pid, 4242);
	CHECK_INT(s->data->target_syscall, 110);
	/* skel->bss and skel->data are the maps themselves */
	s->bss->hits = 7;
	CHECK(km_map_view(s->maps.bss.map_fd, &v) == 0);
	CHECK_INT(*(const int64_t *)v.value, 7);
	s->data->enabled = 0;
	CHECK(km_map_view(s->maps.data.map_fd, &v) == 0);
	CHECK_INT(*(const int32_t *)(v.value + offsetof(struct counter_rsa__data, enabled)), 0);
	CHECK_INT(v.frozen, 0);
	CHECK(km_is_prog(s->progs.count_syscall.prog_fd, NULL));

	/* attach: one raw_tp link; detach closes it; attach again works */
	CHECK_INT(tinyskel_attach(counter_rsa__info(), s), 0);
	CHECK(s->links.count_syscall_fd > 0);
	CHECK_INT(km_open_fds(), 6);
	tinyskel_detach(counter_rsa__info(), s);
	CHECK_INT(s->links.count_syscall_fd, 0);
	CHECK_INT(km_open_fds(), 5);
	CHECK_INT(tinyskel_attach(counter_rsa__info(), s), 0);

	tinyskel_destroy(counter_rsa__info(), s);
	CHECK_INT(km_open_fds(), 0);
	CHECK_INT(km_open_mmaps(), 0);
	/* destroy twice: nothing left to close, nothing closed twice */
	tinyskel_destroy(counter_rsa__info(), s);
	CHECK_INT(km_stats()->bad_closes, 0);
	CHECK_INT(km_stats()->bad_munmaps, 0);
	/* the struct is reusable after init */
	tinyskel_init(counter_rsa__info(), s);
	CHECK_INT(tinyskel_load(counter_rsa__info(), s, &o, &r), 0);
	tinyskel_destroy(counter_rsa__info(), s);
	CHECK_INT(km_open_fds(), 0);
}

/* A 64 KiB-page device: mappings follow the device's page size. */
static void test_page_size(void)
{
	struct tinyskel_opts o = policy_opts(TINYSKEL_POLICY_REQUIRE_SIGNED);
	struct km_config cfg = kind_cfg(KM_CHAIN);

	check_ctx = "64 KiB pages";
	cfg.page_size = 65536;
	setup_cfg(&cfg, counter_rsa__info());
	EXPECT_OK(counter_rsa__info(), &o, TINYSKEL_SCHEME_CHAIN);
	CHECK_INT(km_stats()->bad_munmaps, 0);
}

int main(void)
{
	test_faults();
	test_globals();
	test_page_size();
	km_cleanup();
	return check_exit();
}
