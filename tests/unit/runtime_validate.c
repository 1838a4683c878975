/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* runtime_validate.c - a corrupted header is refused before any syscall. */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "fake_sys.h"
#include "test_skel.h"
#include "config.h" /* TSK_DEFAULT_KEYRING */

static struct test_skel skel;
static struct tinyskel_blob blob;
static struct tinyskel_signature sigs[3];
static struct tinyskel_map_info maps[3];
static struct tinyskel_prog_info progs[6];
static struct tinyskel_skel_info info;

static void fresh(void)
{
	blob = test_blob_signed;
	memcpy(sigs, test_sigs, sizeof(sigs));
	blob.sigs = sigs;
	memcpy(maps, test_maps, sizeof(maps));
	memcpy(progs, test_progs, sizeof(progs));
	info = test_info_signed;
	info.blob = &blob;
	info.maps = maps;
	info.progs = progs;
}

static const uint32_t zr_past[2] = { 8, 16 }, zr_empty[2] = { 0, 0 }, zr_overlap[4] = { 0, 8, 4, 4 };
static const uint32_t zr_many[6] = { 0, 1, 2, 1, 4, 1 };
static const uint8_t ins_bytes[8] __attribute__((aligned(8))) = { 0xb7, 0, 0, 0, 1, 0, 0, 0 };
static struct tinyskel_edit ins;

/* The in-loader entry as an edit of the common loader (one instruction inserted). */
static void compact(void)
{
	ins.at = 1;
	ins.cnt = 1;
	ins.flags = TINYSKEL_EDIT_ENTER_FWD;
	ins.insns = ins_bytes;
	sigs[2].insns = NULL;
	sigs[2].insns_sz = sizeof(test_insns) + 8;
	ins.replace = 0;
	sigs[2].nr_edits = 1;
	sigs[2].edits = &ins;
}

/* The in-loader variant as the common loader plus the check the runtime
 * generates (no edits: the test loader needs no sealing). */
static void gen(void)
{
	sigs[2].insns = NULL;
	sigs[2].nr_edits = 0;
	sigs[2].edits = NULL;
	sigs[2].flags = TINYSKEL_SIG_HASH_CHECK | TINYSKEL_SIG_INLOADER_NO_EXCL;
	sigs[2].check_at = 1;
	sigs[2].insns_sz = (uint32_t)sizeof(test_insns) + 8 * tinyskel_hash_check(&blob, 0, NULL);
}

static void refused(const char *what, const char *word)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .policy = TINYSKEL_POLICY_ALLOW_UNSIGNED };
	struct tinyskel_result res;

	static struct test_skel untouched;

	check_ctx = what;
	fake_reset(&info);
	/* init refuses too, and writes nothing */
	memset(&skel, 0xa5, sizeof(skel));
	memset(&untouched, 0xa5, sizeof(untouched));
	CHECK_INT(tinyskel_init(&info, &skel), -EINVAL);
	CHECK(memcmp(&skel, &untouched, sizeof(skel)) == 0);
	memset(&skel, 0, sizeof(skel));
	CHECK_INT(tinyskel_load(&info, &skel, &opts, &res), -EINVAL);
	CHECK_INT(res.step, TINYSKEL_STEP_VALIDATE);
	CHECK_REASON(res, word);
	CHECK_INT(fake.ncalls, 0);
	fresh();
}

int main(void)
{
	struct tinyskel_result res;

	fresh();
	check_ctx = "intact";
	CHECK_INT(tinyskel_validate(&info, &res), 0);
	CHECK_INT(tinyskel_init(&info, &skel), 0);
	CHECK_INT(tinyskel_validate(NULL, NULL), -EINVAL);
	CHECK_INT(skel.keyring_id, TSK_DEFAULT_KEYRING); /* init sets the Kconfig default */
	CHECK_INT(offsetof(struct test_skel, tinyskel_storage.rodata) % TINYSKEL_STORAGE_ALIGN, 0);
	info.keyring_off = 0; /* a header without keyring_id is fine */
	CHECK_INT(tinyskel_validate(&info, &res), 0);
	fresh();

	blob.magic ^= 1;                       refused("magic", "magic");
	blob.version = 99;                     refused("version", "version");
	blob.flags ^= TEST_BLOB_ORDER;         refused("no byte order", "no byte order");
	blob.flags |= TINYSKEL_BLOB_LITTLE_ENDIAN | TINYSKEL_BLOB_BIG_ENDIAN; refused("both orders", "no byte order");
	/* a header of the other order is refused naming both */
	blob.flags = TEST_BLOB_OTHER_ORDER;
	refused("other byte order", TEST_BLOB_ORDER == TINYSKEL_BLOB_BIG_ENDIAN ?
		"header is little-endian (bpfel), this device is big-endian" :
		"header is big-endian (bpfeb), this device is little-endian");
	blob.insns_sz = 12;                    refused("insns size", "instructions");
	blob.insns_sz = 0;                     refused("no insns", "instructions");
	blob.insns = NULL;                     refused("insns pointer", "instructions");
	blob.data_sz = 20;                     refused("data size", "metadata");
	blob.data_sz = 0x7ffffff8;             refused("data huge", "metadata");
	blob.data_sha256 = NULL;               refused("data hash", "metadata");
	blob.nr_sigs = 9;                      refused("signature count", "signature list");
	blob.sigs = NULL;                      refused("signature table", "signature list");
	sigs[1].scheme = 0;                    refused("scheme none", "unknown scheme");
	sigs[1].scheme = 17;                   refused("scheme out of range", "unknown scheme");
	sigs[0].sig_sz = 0;                    refused("empty signature", "bad size");
	sigs[0].sig_sz = 70000;                refused("signature too long", "bad size");
	sigs[1].scheme = TINYSKEL_SCHEME_CHAIN; refused("duplicate scheme", "two signatures");
	sigs[2].insns_sz = 7;                  refused("variant insns size", "instructions");
	sigs[0].insns_sha256 = NULL;           refused("signed loader without its hash", "instructions");
	/* every signature covers its own sealed loader (skelgen/gen/loader.h) */
	sigs[2].insns = NULL; sigs[2].insns_sz = 0; sigs[2].insns_sha256 = NULL;
	                                       refused("in-loader entry without instructions", "sealed loader");
	sigs[0].insns = NULL; sigs[0].insns_sz = 0; sigs[0].insns_sha256 = NULL;
	                                       refused("chain entry of an older skelgen", "sealed loader");
	sigs[1].insns = test_insns; sigs[1].insns_sz = sizeof(test_insns);
	sigs[1].insns_sha256 = test_sha_a;     refused("loadtime entry over the common loader", "unsealed");
	sigs[2].insns = test_insns; sigs[2].insns_sz = sizeof(test_insns);
	sigs[2].insns_sha256 = test_sha_a;     refused("in-loader entry over the common loader", "unsealed");
	/* A loader with no maps reads nothing from its context: its sealed
	 * form is the common loader's bytes, and that is no reason to refuse
	 * (the guard's map-less LSM programs: tests/vm/guard.sh). */
	check_ctx = "map-less loader signed as is";
	info.nr_maps = 0;
	{
		static uint8_t same_bytes[sizeof(test_insns)]; /* its own array, the common loader's bytes */

		memcpy(same_bytes, test_insns, sizeof(same_bytes));
		sigs[1].insns = same_bytes; sigs[1].insns_sz = sizeof(same_bytes); sigs[1].insns_sha256 = test_sha_a;
	}
	memset(&res, 0, sizeof(res));
	tinyskel_validate(&info, &res);
	CHECK(!res.reason || !strstr(res.reason, "unsealed"));
	fresh();
	info.ctx_sz += 4;                      refused("ctx size", "loader's context");
	info.skel_sz = 16;                     refused("skel size", "loader's context");
	maps[1].desc_off += 16;                refused("map desc offset", "map descriptor");
	maps[1].ptr_off = 100000;              refused("global pointer", "pointer");
	maps[1].ptr_off += 1;                  refused("misaligned pointer", "pointer");
	maps[2].ptr_off = maps[1].ptr_off;     refused("two pointers in one slot", "pointer");
	maps[1].ptr_off = progs[5].link_off;   refused("pointer over a link slot", "pointer");
	maps[2].init_off = 8;                  refused("storage inside ctx", "storage");
	maps[2].init_off = maps[1].init_off + 4; refused("storages overlap", "storage");
	maps[1].init_off = maps[2].ptr_off;    refused("storage over a pointer", "storage");
	maps[2].init_blob_off = 12;            refused("initial value past blob", "initial value");
	/* the storage alignment skelgen emits (TINYSKEL_STORAGE_ALIGN), nothing less */
	maps[2].init_off += TINYSKEL_STORAGE_ALIGN / 2; refused("storage off alignment", "storage");
	info.keyring_off += 4;                 refused("keyring_id after the links", "keyring_id");
	info.keyring_off = info.ctx_sz;        refused("keyring_id over a link", "keyring_id");
	maps[1].ptr_off = info.keyring_off;    refused("pointer over keyring_id", "pointer");
	progs[3].desc_off = 0;                 refused("prog desc offset", "program descriptor");
	progs[0].link_off = 1000000;           refused("link slot", "link slot");
	progs[2].link_off = progs[1].link_off; refused("two links in one slot", "link slot");
	progs[1].attach = 99;                  refused("attach kind", "attach");
	progs[1].target = NULL;                refused("attach target", "attach");
	progs[5].attach_fn = tinyskel_attach_iter; refused("attach function for no attach", "attach");
	progs[0].attach_fn = NULL;             refused("no attach function", "attach");
	/* issue 11, item 17: kind and function must agree, targets present */
	progs[0].attach_fn = tinyskel_attach_perf; refused("raw_tp kind, perf function", "does not match");
	progs[1].attach = TINYSKEL_ATTACH_TRACING; progs[1].target = NULL;
	                                       refused("tracing kind, perf function", "does not match");
	progs[4].attach = TINYSKEL_ATTACH_TRACING; refused("tracing kind, iter function", "does not match");
	progs[4].attach_fn = tinyskel_attach_raw_tp; refused("iter kind, raw_tp function", "does not match");
	progs[2].target = NULL;                refused("kprobe without target", "attach");
	progs[3].target = NULL;                refused("kretprobe without target", "attach");
	progs[0].target = NULL;                refused("raw_tp without target", "attach");
	/* issue 24: the compact forms' descriptors */
	blob.nr_zeros = 1;                     refused("zero runs without table", "zero runs");
	blob.nr_zeros = 1; blob.zeros = zr_past; refused("zero run past the value", "zero runs");
	blob.nr_zeros = 1; blob.zeros = zr_empty; refused("empty zero run", "zero runs");
	blob.nr_zeros = 2; blob.zeros = zr_overlap; refused("overlapping zero runs", "zero runs");
	blob.nr_zeros = 3; blob.zeros = zr_many; refused("more runs than the value holds", "zero runs");
	compact();                             CHECK_INT(tinyskel_validate(&info, &res), 0);
	compact(); ins.at = 4;                 refused("insert past the loader", "edits");
	compact(); sigs[2].insns_sz += 8;      refused("inserts of another size", "edits");
	compact(); sigs[2].edits = NULL;     refused("inserts table", "edits");
	compact(); ins.insns = NULL;           refused("inserted instructions", "edits");
	compact(); ins.cnt = 0; sigs[2].insns_sz = sizeof(test_insns); refused("empty insert", "edits");
	compact(); sigs[2].insns = test_insns_inloader; refused("variant both in full and as inserts", "edits");
	compact(); sigs[2].nr_edits = 65;    refused("insert count", "edits");
	compact(); sigs[0].edits = &ins;       refused("edits on an entry in full", "inconsistent");
	compact(); sigs[2].insns_sha256 = test_sha_a; refused("edits said to give the common loader", "unsealed");
	/* the sealed loader of chain/loadtime as edits too (one rule for every signature) */
	compact(); sigs[0].insns = NULL; sigs[0].insns_sz = sigs[2].insns_sz; sigs[0].nr_edits = 1; sigs[0].edits = &ins;
	                                       CHECK_INT(tinyskel_validate(&info, &res), 0);
	fresh();
	compact(); ins.replace = 3;            refused("replacing past the loader", "edits");
	compact(); ins.at = 0; ins.replace = 1; sigs[2].insns_sz = sizeof(test_insns);
	                                       CHECK_INT(tinyskel_validate(&info, &res), 0);
	compact(); ins.cnt = 0; ins.replace = 1; sigs[2].insns_sz = sizeof(test_insns) - 8;
	                                       CHECK_INT(tinyskel_validate(&info, &res), 0); /* a deletion */
	/* the generated in-loader check, signatures sharing their first bytes */
	gen();                                 CHECK_INT(tinyskel_validate(&info, &res), 0);
	fresh();
	gen(); sigs[2].insns_sz += 8;          refused("generated check of another size", "edits");
	gen(); sigs[2].check_at = 100;         refused("generated check past the loader", "edits");
	gen(); sigs[2].insns = test_insns_inloader; refused("generated check on a variant in full", "edits");
	gen(); sigs[0].flags = TINYSKEL_SIG_HASH_CHECK; refused("generated check on a chain entry", "flags");
	gen(); sigs[2].flags |= 0x4;           refused("unknown signature flag", "flags");
	sigs[1].sig_shared = 1;                CHECK_INT(tinyskel_validate(&info, &res), 0);
	fresh();
	sigs[0].sig_shared = 1;                refused("first signature sharing bytes", "shares");
	sigs[1].sig_shared = (uint16_t)sigs[1].sig_sz; refused("signature with no bytes of its own", "shares");
	sigs[0].sig_sz = 1; sigs[1].sig_shared = 2; refused("sharing more than the first has", "shares");
	info.nr_maps = 100000;                 refused("map count", "tables");
	info.blob = NULL;                      refused("no blob", "magic");
	return check_exit();
}
