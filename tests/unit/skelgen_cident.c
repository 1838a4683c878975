// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* skelgen_cident.c - skelgen/gen/cident.c: which names may enter the header and
 * how section names and targets are escaped.  tests/cli/header_compile.sh
 * proves the same with real compilers. */
#define _GNU_SOURCE
#include "gen/cident.h"
#include "sg_test.h"

static char *render(void (*fn)(FILE *, const char *), const char *s)
{
	static char out[1024];
	FILE *f;

	out[0] = '\0';
	f = fmemopen(out, sizeof(out), "w");

	fn(f, s);
	fclose(f);
	return out;
}

static void guard_prog(FILE *f, const char *s)
{
	sg_c_name_guard(f, "program", s);
}

int main(void)
{
	/* bpftool's headers take all of these; so must ours (a real map may be
	 * called EVENTS, a global start_t, a program tsk_exit). */
	static const char *const good[] = { "counter", "p1", "x_y", "_x", "Foo", "free", "main", "a9",
		"EVENTS", "MAX_ENTRIES_SEEN", "start_t", "tsk_exit", "size_t" };
	/* Keywords, reserved names, and the macros of the headers the header
	 * includes (libc, <linux/bpf.h>, <linux/keyctl.h>, GNU predefines). */
	static const char *const bad[] = { "", "a;b", "9a", "a b", "int", "static", "class", "new", "and",
		"errno", "linux", "unix", "NULL", "EPERM", "INT8_MAX", "MAP_SHARED", "KEY_SPEC_SESSION_KEYRING",
		"__x", "_Bool", "typeof", "tinyskel", "caf\xc3\xa9" };
	size_t i;
	const char *s;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CHECK(!sg_ident_problem(good[i]), "'%s' refused: %s", good[i], sg_ident_problem(good[i]));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(sg_ident_problem(bad[i]), "'%s' accepted", bad[i]);
	/* Program and map names: C++ keywords and reserved names are valid C
	 * (libbpf's own usdt.bpf.h map is __bpf_usdt_specs); the header guards
	 * them with #error for the build they break. */
	CHECK(!sg_member_problem("and") && !sg_member_problem("__bpf_usdt_specs") && !sg_member_problem("_X") &&
	      sg_member_problem("int") && sg_member_problem("EPERM") && sg_member_problem("tinyskel_x") &&
	      sg_member_problem("a;b") && sg_cxx_problem("and") && !sg_cxx_problem("andy"), "member name rule");
	s = render(guard_prog, "and");
	CHECK(strstr(s, "#ifdef __cplusplus\n#error \"skelgen: program 'and' is a C++ keyword") != NULL, "guard: '%s'", s);
	s = render(guard_prog, "__x");
	CHECK(!strcmp(s, "#ifdef __x\n#error \"skelgen: program '__x' is a macro of this compiler or C library\"\n#endif\n"),
	      "guard: '%s'", s);
	s = render(guard_prog, "plain");
	CHECK(!s[0], "guard for a plain name: '%s'", s);
	/* BTF names of global data: C++ keywords are spelled NAME_ in C++. */
	CHECK(!sg_name_problem("class") && !sg_name_problem("new") && sg_name_problem("int") &&
	      sg_name_problem("EPERM") && !sg_name_problem("EVENTS"), "BTF name rule");

	/* No way out of a comment, no nested comment opener, no trigraph, one line. */
	s = render(sg_c_comment, "raw_tp/x */ int injected; /* ?\?/\n\xff");
	CHECK(!strcmp(s, "raw_tp/x \\x2a/ int injected; \\x2f* \\x3f\\x3f/\\x0a\\xff"), "comment: got '%s'", s);
	s = render(sg_c_comment, "kprobe/do_sys_open");
	CHECK(!strcmp(s, "kprobe/do_sys_open"), "plain comment changed: '%s'", s);
	/* No way out of a string; octal escapes have a fixed length. */
	s = render(sg_c_string, "a\"b\\c?\?=\n\x01" "7");
	CHECK(!strcmp(s, "\"a\\042b\\134c\\077\\077=\\012\\0017\""), "string: got '%s'", s);
	CHECK(!strcmp(sg_base_name("/a/b*/c.bpf.o"), "c.bpf.o") && !strcmp(sg_base_name("c.o"), "c.o"),
	      "base name");
	return sg_test_done("skelgen_cident");
}
