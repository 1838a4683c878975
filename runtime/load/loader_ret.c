/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * loader_ret.c - what the loader's own return value says (its encoding is
 * tinyskel.h's TINYSKEL_LOADER_*, which skelgen patches into every loader):
 * the in-loader check found tampered metadata, the kernel refused program N
 * (named, with where its verifier log is), or another step of the loader
 * failed.
 */
#include <errno.h>

#include "../internal.h"

#ifdef CONFIG_ERROR_STRINGS
static size_t put(char *buf, size_t size, size_t at, const char *s)
{
	while (*s && at + 1 < size)
		buf[at++] = *s++;
	buf[at] = '\0';
	return at;
}

static const char *refused_prog(struct tinyskel_result *res, const char *name, const char *log_where,
				int no_btf)
{
	size_t n = put(res->text, sizeof(res->text), 0, "the kernel refused program '");

	n = put(res->text, sizeof(res->text), n, name);
	n = put(res->text, sizeof(res->text), n, "' that the loader loads");
	if (no_btf)
		n = put(res->text, sizeof(res->text), n, "; the kernel has no BTF (CONFIG_DEBUG_INFO_BTF) for CO-RE");
	put(res->text, sizeof(res->text), n, log_where);
	return res->text;
}
#endif

int tsk_loader_failed(const struct tinyskel_skel_info *info, int32_t ret, uint32_t log_where, int no_btf,
		      struct tinyskel_result *res)
{
	(void)log_where; /* without CONFIG_ERROR_STRINGS the reason is the step's name */
	res->loader_ret = ret;
	if (ret == TINYSKEL_LOADER_TAMPERED)
		return tsk_fail(res, TINYSKEL_STEP_LOADER, -EKEYREJECTED,
				TSK_WHY("metadata does not match the signed hash (tampered)"));
	if (TINYSKEL_LOADER_RET_IS_PROG(ret) && TINYSKEL_LOADER_RET_PROG(ret) < info->nr_progs) {
		const char *name = info->progs[TINYSKEL_LOADER_RET_PROG(ret)].name;
#ifdef CONFIG_ERROR_STRINGS
		static const char *const where[] = {
			[TSK_LOG_NONE] = " (give opts->log_buf and log_level for its verifier log)",
			[TSK_LOG_NO_LEVEL] = " (set opts->log_level for its verifier log)",
			[TSK_LOG_OPTS] = ": its verifier log is in opts->log_buf",
			[TSK_LOG_SKEL] = ": its verifier log is in the buffer skel->ctx.log_buf names",
		};
#endif

		res->name = name;
		return tsk_fail(res, TINYSKEL_STEP_LOADER, TINYSKEL_LOADER_RET_ERR(ret),
				TSK_WHY(refused_prog(res, name ? name : "?", where[log_where < 4 ? log_where : 0],
						     no_btf)));
	}
	if (no_btf)
		return tsk_fail(res, TINYSKEL_STEP_LOADER, ret,
				TSK_WHY("the loader failed and the kernel has no BTF (CONFIG_DEBUG_INFO_BTF): CO-RE "
					"relocations and BTF-typed programs cannot load (set log_level for the log)"));
	return tsk_fail(res, TINYSKEL_STEP_LOADER, ret, tsk_reason(TINYSKEL_STEP_LOADER, 0, ret));
}
