/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * usdt.h - the USDT side of libbpf's <bpf/usdt.bpf.h> contract: the value
 * of its __bpf_usdt_specs map (struct __bpf_usdt_spec), written by
 * usdt_attach.c, read by the BPF program.  The layout is libbpf's (1.x);
 * tests/kernel/usdt.sh checks it against the header by compiling both.
 */
#ifndef TINYSKEL_RUNTIME_USDT_H
#define TINYSKEL_RUNTIME_USDT_H

#include <stddef.h>
#include <stdint.h>

enum { TSK_USDT_ARG_CONST, TSK_USDT_ARG_REG, TSK_USDT_ARG_REG_DEREF };
#define TSK_USDT_MAX_ARGS 12 /* BPF_USDT_MAX_ARG_CNT */

struct tsk_usdt_arg {      /* struct __bpf_usdt_arg_spec */
	uint64_t val_off;
	uint32_t type;         /* enum __bpf_usdt_arg_type */
	int16_t reg_off;
	uint8_t is_signed;
	uint8_t bitshift;
};

struct tsk_usdt_spec {     /* struct __bpf_usdt_spec */
	struct tsk_usdt_arg args[TSK_USDT_MAX_ARGS];
	uint64_t usdt_cookie;
	int16_t arg_cnt;
};

_Static_assert(sizeof(struct tsk_usdt_arg) == 16, "__bpf_usdt_arg_spec");
_Static_assert(offsetof(struct tsk_usdt_spec, usdt_cookie) == 192, "__bpf_usdt_spec.usdt_cookie");
_Static_assert(sizeof(struct tsk_usdt_spec) == 208, "__bpf_usdt_spec");

/* The argument string of one probe -> up to max specs.  Returns how many,
 * -EINVAL (malformed), -EOPNOTSUPP (a form or architecture not handled
 * here), -E2BIG (more than max). */
int tsk_usdt_parse_args(const char *s, struct tsk_usdt_arg *args, int max);

#endif /* TINYSKEL_RUNTIME_USDT_H */
