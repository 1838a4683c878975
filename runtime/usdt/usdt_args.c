/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * usdt_args.c - a USDT probe's argument string (from <sys/sdt.h>, in its
 * .note.stapsdt) -> the argument specs libbpf's <bpf/usdt.bpf.h> reads:
 * where each argument lives at the probe (a register, memory at a register
 * plus an offset, or a constant) and how to widen it to 64 bits.
 *
 * x86-64: "-4@%edi 8@%rax -4@-20(%rbp) 4@$5"; arm64: "-4@w0 8@x1
 * -4@[sp, 12] 8@[x19] 4@5".  Register offsets are the kernel's struct
 * pt_regs (what a uprobe program's ctx points at).  Other architectures:
 * -EOPNOTSUPP.
 */
#include <errno.h>

#include "../internal.h"
#include "usdt.h"

#if defined(__x86_64__)
static const struct {
	const char *names[4]; /* 64-, 32-, 16-, 8-bit spellings */
	int16_t off;          /* in struct pt_regs */
} regs[] = {
	{ { "rax", "eax", "ax", "al" }, 80 },   { { "rbx", "ebx", "bx", "bl" }, 40 },
	{ { "rcx", "ecx", "cx", "cl" }, 88 },   { { "rdx", "edx", "dx", "dl" }, 96 },
	{ { "rsi", "esi", "si", "sil" }, 104 }, { { "rdi", "edi", "di", "dil" }, 112 },
	{ { "rbp", "ebp", "bp", "bpl" }, 32 },  { { "rsp", "esp", "sp", "spl" }, 152 },
	{ { "r8", "r8d", "r8w", "r8b" }, 72 },  { { "r9", "r9d", "r9w", "r9b" }, 64 },
	{ { "r10", "r10d", "r10w", "r10b" }, 56 }, { { "r11", "r11d", "r11w", "r11b" }, 48 },
	{ { "r12", "r12d", "r12w", "r12b" }, 24 }, { { "r13", "r13d", "r13w", "r13b" }, 16 },
	{ { "r14", "r14d", "r14w", "r14b" }, 8 },  { { "r15", "r15d", "r15w", "r15b" }, 0 },
	{ { "rip", "eip", "", "" }, 128 },
};

/* "%reg" at s (len bytes): its pt_regs offset, or -1. */
static int reg_off(const char *s, size_t len)
{
	size_t i, k;

	if (len < 2 || s[0] != '%')
		return -1;
	for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		for (k = 0; k < 4; k++)
			if (regs[i].names[k][0] && strlen(regs[i].names[k]) == len - 1 &&
			    !memcmp(regs[i].names[k], s + 1, len - 1))
				return regs[i].off;
	return -1;
}
#define TSK_USDT_ARCH 1
#elif defined(__aarch64__)
/* xN / wN (regs[N], 8 bytes apart), sp and pc (after regs[30]) of the
 * kernel's arm64 struct pt_regs (its first member is user_pt_regs). */
static int reg_off(const char *s, size_t len)
{
	unsigned n = 0;
	size_t i;

	if (len == 2 && !memcmp(s, "sp", 2))
		return 31 * 8;
	if (len == 2 && !memcmp(s, "pc", 2))
		return 32 * 8;
	if (len < 2 || len > 3 || (s[0] != 'x' && s[0] != 'w'))
		return -1;
	for (i = 1; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		n = n * 10 + (unsigned)(s[i] - '0');
	}
	return n <= 30 ? (int)(n * 8) : -1;
}
#define TSK_USDT_ARCH 2
#endif

/* A decimal or 0x number at *p (optional '-'); advances *p. */
static int number(const char **p, int64_t *v)
{
	const char *s = *p;
	int neg = *s == '-', base = 10, digits = 0;
	uint64_t u = 0;

	s += neg || *s == '+';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (;; s++, digits++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' : base == 16 && *s >= 'a' && *s <= 'f' ? *s - 'a' + 10
			: base == 16 && *s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : -1;

		if (d < 0)
			break;
		if (u > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return -ERANGE;
		u = u * (uint64_t)base + (uint64_t)d;
	}
	if (!digits)
		return -EINVAL;
	*v = neg ? -(int64_t)u : (int64_t)u;
	*p = s;
	return 0;
}

int tsk_usdt_parse_args(const char *s, struct tsk_usdt_arg *args, int max)
{
	int n = 0;

	if (!s)
		return -EINVAL;
	while (*s == ' ')
		s++;
	while (*s) {
		struct tsk_usdt_arg *a;
		int64_t size, v = 0;
		const char *end;
		int r;

		if (n == max)
			return -E2BIG;
		a = &args[n];
		memset(a, 0, sizeof(*a));
		if (number(&s, &size) || *s++ != '@')
			return -EINVAL;
		a->is_signed = size < 0;
		size = size < 0 ? -size : size;
		if (size != 1 && size != 2 && size != 4 && size != 8)
			return -EINVAL;
		a->bitshift = (uint8_t)(64 - 8 * size);
		if (*s == '[') { /* arm64's "[sp, 12]" holds a space */
			end = strchr(s, ']');
			if (!end)
				return -EINVAL;
			end++;
		} else {
			for (end = s; *end && *end != ' '; end++)
				;
		}
#if TSK_USDT_ARCH == 2
		if (*s == '[') { /* [reg] or [reg, off] */
			const char *comma = memchr(s, ',', (size_t)(end - s)), *close = end - 1;
			const char *reg_end = comma ? comma : close;

			if (*close != ']' || (r = reg_off(s + 1, (size_t)(reg_end - s - 1))) < 0)
				return -EOPNOTSUPP;
			v = 0;
			if (comma) {
				const char *q = comma + 1;

				while (*q == ' ')
					q++;
				if (number(&q, &v) || q != close)
					return -EINVAL;
			}
			a->type = TSK_USDT_ARG_REG_DEREF;
			a->reg_off = (int16_t)r;
			a->val_off = (uint64_t)v;
		} else if ((*s >= '0' && *s <= '9') || *s == '-') { /* constant */
			if (number(&s, &v) || s != end)
				return -EINVAL;
			a->type = TSK_USDT_ARG_CONST;
			a->val_off = (uint64_t)v;
		} else {
			if ((r = reg_off(s, (size_t)(end - s))) < 0)
				return -EOPNOTSUPP;
			a->type = TSK_USDT_ARG_REG;
			a->reg_off = (int16_t)r;
		}
#elif defined(TSK_USDT_ARCH)
		if (*s == '$') { /* constant */
			s++;
			if (number(&s, &v) || s != end)
				return -EINVAL;
			a->type = TSK_USDT_ARG_CONST;
			a->val_off = (uint64_t)v;
		} else if (*s == '%') { /* register */
			if ((r = reg_off(s, (size_t)(end - s))) < 0)
				return -EOPNOTSUPP;
			a->type = TSK_USDT_ARG_REG;
			a->reg_off = (int16_t)r;
		} else { /* [offset](%reg) */
			const char *open;

			if (*s != '(' && number(&s, &v))
				return -EOPNOTSUPP; /* sym(%rip) and friends */
			open = s;
			if (*open != '(' || end[-1] != ')' || (r = reg_off(open + 1, (size_t)(end - open - 2))) < 0)
				return -EOPNOTSUPP; /* (%base,%index,scale) */
			a->type = TSK_USDT_ARG_REG_DEREF;
			a->reg_off = (int16_t)r;
			a->val_off = (uint64_t)v;
		}
#else
		(void)v, (void)r;
		return -EOPNOTSUPP;
#endif
		s = end;
		while (*s == ' ')
			s++;
		n++;
	}
	return n;
}
