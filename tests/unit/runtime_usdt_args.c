// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* runtime_usdt_args.c - runtime/usdt/usdt_args.c: <sys/sdt.h> argument
 * strings -> libbpf's __bpf_usdt_arg_spec, and the forms refused.
 * tests/kernel/usdt.sh proves the specs against a real probe. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "usdt/usdt.h"

int main(void)
{
	struct tsk_usdt_arg a[TSK_USDT_MAX_ARGS];
	static const char *const refused[][2] = {
		{ "8@8+mem_arg(%rip)", "sym(%rip)" }, { "8@%xyz", "unknown register" },
		{ "-4@(%rax,%rbx,4)", "index register" }, { "3@%rax", "size 3" }, { "8%rax", "no @" },
		{ "1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al 1@%al", "13 args" },
	};
	size_t i;
	int n;

#if defined(__x86_64__)
	n = tsk_usdt_parse_args("-8@%rdi -4@%eax 8@8(%rsi) 4@$-5 2@-12(%rbp) 1@%r10b", a, TSK_USDT_MAX_ARGS);
	CHECK_INT(n, 6);
	CHECK_INT(a[0].type, TSK_USDT_ARG_REG);
	CHECK_INT(a[0].reg_off, 112);
	CHECK_INT(a[0].is_signed, 1);
	CHECK_INT(a[0].bitshift, 0);
	CHECK_INT(a[1].reg_off, 80);
	CHECK_INT(a[1].bitshift, 32);
	CHECK_INT(a[2].type, TSK_USDT_ARG_REG_DEREF);
	CHECK_INT(a[2].reg_off, 104);
	CHECK_INT((int)a[2].val_off, 8);
	CHECK_INT(a[2].is_signed, 0);
	CHECK_INT(a[3].type, TSK_USDT_ARG_CONST);
	CHECK_INT((int)(int64_t)a[3].val_off, -5);
	CHECK_INT(a[4].reg_off, 32);
	CHECK_INT((int)(int64_t)a[4].val_off, -12);
	CHECK_INT(a[4].bitshift, 48);
	CHECK_INT(a[5].reg_off, 56);
	CHECK_INT(a[5].bitshift, 56);
	CHECK_INT(tsk_usdt_parse_args("", a, TSK_USDT_MAX_ARGS), 0);
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		check_ctx = refused[i][1];
		CHECK(tsk_usdt_parse_args(refused[i][0], a, TSK_USDT_MAX_ARGS) < 0);
	}
#elif defined(__aarch64__) /* runs under qemu-user for the arm64 boards */
	n = tsk_usdt_parse_args("-4@w0 8@x19 -4@[sp, 12] 8@[x1] 4@-5 8@[x29, -16]", a, TSK_USDT_MAX_ARGS);
	CHECK_INT(n, 6);
	CHECK_INT(a[0].type, TSK_USDT_ARG_REG);
	CHECK_INT(a[0].reg_off, 0);
	CHECK_INT(a[0].bitshift, 32);
	CHECK_INT(a[0].is_signed, 1);
	CHECK_INT(a[1].reg_off, 152);
	CHECK_INT(a[2].type, TSK_USDT_ARG_REG_DEREF);
	CHECK_INT(a[2].reg_off, 248);
	CHECK_INT((int)a[2].val_off, 12);
	CHECK_INT(a[3].reg_off, 8);
	CHECK_INT((int)a[3].val_off, 0);
	CHECK_INT(a[4].type, TSK_USDT_ARG_CONST);
	CHECK_INT((int)(int64_t)a[4].val_off, -5);
	CHECK_INT((int)(int64_t)a[5].val_off, -16);
	CHECK_INT(a[5].reg_off, 232);
	CHECK(tsk_usdt_parse_args("8@x31", a, TSK_USDT_MAX_ARGS) < 0);
	CHECK(tsk_usdt_parse_args("8@[x1, x2]", a, TSK_USDT_MAX_ARGS) < 0);
	(void)refused, (void)i;
#else
	CHECK_INT(tsk_usdt_parse_args("-8@r0", a, TSK_USDT_MAX_ARGS), -EOPNOTSUPP);
	(void)refused, (void)i, (void)n;
#endif
	return check_exit();
}
