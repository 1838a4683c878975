// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * sealed_test.c - a signed load runs what was signed (issue 11, item 6).
 * The modelled loader copies each map's initial value from user memory
 * when initial_value is set and takes max_entries from the skeleton, as
 * libbpf's loader does; so an app that changed .rodata or a map size
 * before a signed load must be refused, naming the map, while .data/.bss
 * stay the app's.  An unsigned load still takes every change.
 */
#include "model_test.h"

static struct counter_rsa *s = &test_skel;

static int load(uint32_t policy, struct tinyskel_result *r)
{
	struct tinyskel_opts o = policy_opts(policy);

	return tinyskel_load(counter_rsa__info(), s, &o, r);
}

static void refused(const char *what, const char *map)
{
	struct tinyskel_result r;

	check_ctx = what;
	CHECK_INT(load(TINYSKEL_POLICY_REQUIRE_SIGNED, &r), -EPERM);
	CHECK_INT(r.step, TINYSKEL_STEP_VALIDATE);
	CHECK_STR(r.name, map);
	CHECK(strstr(r.reason, "signed load") != NULL);
	CHECK_INT(km_stats()->calls[TSK_BPF_MAP_UPDATE_ELEM], 0); /* nothing uploaded */
	CHECK_INT(km_open_fds(), 0);
	CHECK(skel_fds_zero(counter_rsa__info(), s));
}

static void test_signed(void)
{
	struct km_map_view v;
	struct tinyskel_result r;

	setup(KM_CHAIN, counter_rsa__info());
	tinyskel_init(counter_rsa__info(), s);
	s->rodata->off_slot = 0;
	refused("rodata changed", "rodata");

	tinyskel_init(counter_rsa__info(), s);
	s->maps.counts.max_entries = 1000;
	refused("max_entries changed", "counts");

	tinyskel_init(counter_rsa__info(), s);
	s->maps.bss.max_entries = 2;
	refused("global map's max_entries changed", "bss");

	/* the loader copies rodata from wherever initial_value points */
	static uint8_t other[64];
	tinyskel_init(counter_rsa__info(), s);
	s->maps.rodata.initial_value = (uintptr_t)other;
	refused("rodata initial value redirected", "rodata");

	tinyskel_init(counter_rsa__info(), s);
	s->maps.data.initial_value = (uintptr_t)other;
	refused("data initial value redirected", "data");

	check_ctx = "data and bss set: loaded, the app's values";
	tinyskel_init(counter_rsa__info(), s);
	s->data->target_pid = 77;
	s->bss->hits = 5;
	CHECK_INT(load(TINYSKEL_POLICY_REQUIRE_SIGNED, &r), 0);
	CHECK_INT(r.scheme, TINYSKEL_SCHEME_CHAIN);
	CHECK(r.name == NULL);
	CHECK(km_map_view(s->maps.data.map_fd, &v) == 0);
	CHECK_INT(*(const int32_t *)(v.value + offsetof(struct counter_rsa__data, target_pid)), 77);
	CHECK(km_map_view(s->maps.rodata.map_fd, &v) == 0);
	CHECK_INT(*(const uint32_t *)v.value, 1);
	tinyskel_destroy(counter_rsa__info(), s);
	CHECK_INT(km_open_fds(), 0);
}

/* Unsigned, the app may set anything, as with bpftool's light skeletons. */
static void test_unsigned(void)
{
	struct km_map_view v;
	struct tinyskel_result r;

	check_ctx = "unsigned load takes the app's rodata and sizes";
	setup(KM_CHAIN, counter_rsa__info());
	tinyskel_init(counter_rsa__info(), s);
	s->rodata->off_slot = 0;
	s->maps.counts.max_entries = 8;
	CHECK_INT(load(TINYSKEL_POLICY_UNSIGNED_ONLY, &r), 0);
	CHECK(km_map_view(s->maps.rodata.map_fd, &v) == 0);
	CHECK_INT(*(const uint32_t *)v.value, 0);
	CHECK(km_map_view(s->maps.counts.map_fd, &v) == 0);
	CHECK_INT(v.max_entries, 8);
	tinyskel_destroy(counter_rsa__info(), s);
	CHECK_INT(km_open_fds(), 0);
}

int main(void)
{
	test_signed();
	test_unsigned();
	km_cleanup();
	return check_exit();
}
