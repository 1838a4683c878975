// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Load bad.bpf.o's skeleton with a log buffer and print what tinyskel says. */
#include <stdio.h>
#include <string.h>

#include "bad.lskel.h"

static char log_buf[65536];

int main(int argc, char **argv)
{
	struct tinyskel_opts opts = { .sz = sizeof(opts), .log_buf = log_buf, .log_size = sizeof(log_buf),
				      .log_level = 1, .policy = TINYSKEL_POLICY_ALLOW_UNSIGNED };
	struct bad *skel = bad__open();
	int err;

	if (!skel)
		return 2;
	if (argc > 1 && !strcmp(argv[1], "nolevel")) /* a log buffer but no level */
		opts.log_level = 0;
	err = bad__load_opts(skel, &opts);
	printf("err %d step %s loader_ret %d\nreason: %s\n", err, tinyskel_step_name(skel->result.step),
	       skel->result.loader_ret, skel->result.reason);
	printf("name: %s\n", skel->result.name ? skel->result.name : "(none)");
	printf("ctx log fields after load: %u %u %llu\n", skel->ctx.log_level, skel->ctx.log_size,
	       (unsigned long long)skel->ctx.log_buf);
	printf("--- verifier log (last lines)\n%s\n", strlen(log_buf) > 600 ? log_buf + strlen(log_buf) - 600 : log_buf);
	bad__destroy(skel);
	return err ? 1 : 0;
}
