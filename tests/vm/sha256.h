/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* sha256.h - FIPS 180-4 SHA-256 for the VM test's tampered headers: a
 * changed byte gets a matching hash, as an attacker would give it, so the
 * kernel (not tinyskel_validate) is what refuses it.  Static, no heap. */
#ifndef TSK_VM_SHA256_H
#define TSK_VM_SHA256_H
#include <stddef.h>
#include <stdint.h>

static const uint32_t vm_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define VM_ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void vm_sha256_block(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64], a[8], t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = w[i - 16] + (VM_ROR(w[i - 15], 7) ^ VM_ROR(w[i - 15], 18) ^ (w[i - 15] >> 3)) + w[i - 7] +
		       (VM_ROR(w[i - 2], 17) ^ VM_ROR(w[i - 2], 19) ^ (w[i - 2] >> 10));
	for (i = 0; i < 8; i++)
		a[i] = h[i];
	for (i = 0; i < 64; i++) {
		t1 = a[7] + (VM_ROR(a[4], 6) ^ VM_ROR(a[4], 11) ^ VM_ROR(a[4], 25)) + ((a[4] & a[5]) ^ (~a[4] & a[6])) +
		     vm_k[i] + w[i];
		t2 = (VM_ROR(a[0], 2) ^ VM_ROR(a[0], 13) ^ VM_ROR(a[0], 22)) + ((a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]));
		a[7] = a[6]; a[6] = a[5]; a[5] = a[4]; a[4] = a[3] + t1;
		a[3] = a[2]; a[2] = a[1]; a[1] = a[0]; a[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		h[i] += a[i];
}

static void vm_sha256(const void *data, size_t n, uint8_t out[32])
{
	uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	const uint8_t *p = data;
	uint8_t tail[128] = { 0 };
	size_t i, rest = n % 64, tl = rest < 56 ? 64 : 128;
	uint64_t bits = (uint64_t)n * 8;

	for (i = 0; i + 64 <= n; i += 64)
		vm_sha256_block(h, p + i);
	for (i = 0; i < rest; i++)
		tail[i] = p[n - rest + i];
	tail[rest] = 0x80;
	for (i = 0; i < 8; i++)
		tail[tl - 1 - i] = (uint8_t)(bits >> (8 * i));
	vm_sha256_block(h, tail);
	if (tl == 128)
		vm_sha256_block(h, tail + 64);
	for (i = 0; i < 32; i++)
		out[i] = (uint8_t)(h[i / 4] >> (24 - 8 * (i % 4)));
}
#endif
