/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * cert_use.c - is this certificate fit to name a BPF signer?
 *
 * Refused: a keyUsage that excludes digitalSignature (the key is meant for
 * something else; signing with it is almost certainly the wrong key).
 * Warned: outside its validity period.  The kernel does not check validity
 * times when it verifies PKCS#7 for BPF (and many devices have no clock),
 * so an expired certificate still verifies; the warning makes sure the
 * build log says so.
 */
#include <stdio.h>

#include "crypto.h"

int sg_cert_check_use(const struct sg_cert *cert, const char *path, int64_t now, char warn[SG_ERR_MAX],
		      char err[SG_ERR_MAX])
{
	warn[0] = '\0';
	if (cert->has_key_usage && !(cert->key_usage & (SG_KU_DIGITAL_SIGNATURE | SG_KU_NON_REPUDIATION))) {
		sg_err(err, path, "certificate's keyUsage does not allow digital signatures");
		return -1;
	}
	if (now > cert->not_after)
		sg_err(warn, path, "warning: certificate expired (the kernel does not check validity dates)");
	else if (now < cert->not_before)
		sg_err(warn, path, "warning: certificate not valid yet (the kernel does not check validity dates)");
	return 0;
}
