#!/usr/bin/env python3
# fuzz/make-corpus.py - (re)write the seed corpus in fuzz/corpus/ from
# tests/fixtures/keys and a few signatures made with OpenSSL.
#
#   python3 fuzz/make-corpus.py        (from the repository root)
#
# Seeds are small on purpose.  Reproducers of past crashes live beside them
# as crash-<what> and must never be deleted: tests/fuzz/smoke.sh runs every
# file of each corpus.
import os, struct, subprocess, shutil, tempfile

K = "tests/fixtures/keys"
C = "fuzz/corpus"

def put(h, name, data):
    os.makedirs(f"{C}/{h}", exist_ok=True)
    with open(f"{C}/{h}/{name}", "wb") as f:
        f.write(data)

def fix(name):
    with open(f"{K}/{name}", "rb") as f:
        return f.read()

def der_of(pem):
    return subprocess.run(["openssl", "x509", "-outform", "DER"], input=pem,
                          capture_output=True, check=True).stdout

for n in ["p256.key.pem", "rsa2048.crt.pem", "p256.sec1.pem", "enc-pkcs8.pem",
          "trunc.pem", "enc-legacy.pem"]:
    put("pem", n, fix(n))
put("pem", "cert-and-key.pem", fix("p256.crt.pem") + fix("p256.key.pem"))

for n in ["rsa2048.crt.der", "p256.pkcs8.der", "p256.sec1.der", "sig-noattr-p256.der",
          "sig-attrs-rsa2048.der", "trunc.der"]:
    put("der", n, fix(n))

for n in ["rsa2048.crt.pem", "rsa2048.crt.der", "p256.crt.pem", "p256-noski.crt.pem",
          "p384.crt.pem", "rsa4096-noski.crt.pem", "p256.key.pem"]:
    put("cert", n, fix(n))

for n in ["rsa2048.key.pem", "rsa2048.pkcs1.der", "rsa2048.pkcs8.der", "p256.key.pem",
          "p256.sec1.der", "p256.pkcs8.der", "p384.key.pem", "p521.key.pem",
          "secp256k1.key.pem", "ed25519.key.pem", "enc-pkcs8.der", "p256-params.key.pem",
          "rsa1024.key.pem", "p256.crt.pem"]:
    put("key", n, fix(n))

# PKCS#7: the fixtures plus OpenSSL signatures over content.bin covering
# both signer forms, with and without signed attributes, RSA and EC.
for n in ["sig-attrs-rsa2048.der", "sig-noattr-p256.der"]:
    put("pkcs7_verify", n, fix(n))
with tempfile.TemporaryDirectory() as t:
    for name, crt, key, extra in [
        ("sig-noattr-rsa2048-issuer.der", "rsa2048.crt.pem", "rsa2048.key.pem", ["-noattr"]),
        ("sig-attrs-p384-keyid.der", "p384.crt.pem", "p384.key.pem", ["-keyid"]),
        ("sig-attrs-p256-issuer.der", "p256.crt.pem", "p256.key.pem", []),
        ("sig-noattr-rsa2048-noski.der", "rsa2048-noski.crt.pem", "rsa2048.key.pem", ["-noattr"]),
    ]:
        subprocess.run(["openssl", "cms", "-sign", "-binary", "-nocerts", "-md", "sha256",
                        "-signer", f"{K}/{crt}", "-inkey", f"{K}/{key}", "-in", f"{K}/content.bin",
                        "-outform", "DER", "-out", f"{t}/{name}"] + extra, check=True)
        with open(f"{t}/{name}", "rb") as f:
            put("pkcs7_verify", name, f.read())

# pkcs7_sign: byte 0 = key/cert pair, byte 1 bit 7 = certificate follows
# (u16 LE length), then the content (see fuzz/fuzz_pkcs7_sign.c).
content = fix("content.bin")
for i in range(5):
    put("pkcs7_sign", f"pair{i}", bytes([i, 0]) + content)
put("pkcs7_sign", "pair0-empty", bytes([0, 0]))
for i, crt in [(0, "p256.crt.pem"), (1, "p256-noski.crt.pem"), (3, "rsa2048.crt.pem"),
               (2, "p384-noski.crt.pem")]:
    d = der_of(fix(crt))
    put("pkcs7_sign", f"pair{i}-own-{crt}", bytes([i, 0x80]) + struct.pack("<H", len(d)) + d + content)
d = der_of(fix("other-p256.crt.pem"))
put("pkcs7_sign", "pair0-other-cert", bytes([0, 0x80]) + struct.pack("<H", len(d)) + d + content)

# validate: the byte stream fuzz/fuzz_validate.c reads; a layout like the
# counter example (4 maps, 1 raw_tp program) with 0, 1 or 2 signatures.
def u8(v): return bytes([v])
def u16(v): return struct.pack("<H", v)
def rsize16(v): return u8(0x40) + u16(v)
def off8(v): return u8(0x40) + u8(v)
def off16(v): return u8(0x80) + u16(v)
NO = u8(0)

def skel(sigs, maps=True, link=92):
    b = u8(0)                                  # ctl: magic, version, flags valid
    b += rsize16(64) + u8(0xb7)                # insns
    b += rsize16(2848) + u8(0)                 # data
    b += u8(len(sigs))
    for s in sigs:
        b += s
    b += u8(0)                                 # blob present
    if maps:
        b += u8(4) + u8(1)
        b += u8(0x00) + NO + NO + NO + u16(8)                                   # counts
        b += u8(0x0c) + off8(96) + off8(120) + off16(2824) + u16(16)           # rodata
        b += u8(0x04) + off8(104) + off8(136) + off16(1316) + u16(4)           # data
        b += u8(0x04) + off8(112) + off8(144) + NO + u16(16)                   # bss
        b += u8(0x04) + off8(link)                                             # raw_tp prog
        b += u8(0) + u8(0) + u8(0) + u16(68)   # tables present, ctx computed, skel 160
    else:
        b += u8(0) + u8(0) + u8(0) + u8(0) + u8(0) + u16(8)
    return b

chain = u8(0x03) + rsize16(600) + u8(0x30)
inl = u8(0x01 | 0x08) + rsize16(600) + u8(0x30) + rsize16(72) + u8(0xb7)
put("validate", "counter-unsigned", skel([]))
put("validate", "counter-chain", skel([chain]))
put("validate", "counter-chain-inloader", skel([chain, inl]))
put("validate", "no-maps", skel([chain], maps=False))

# Finding 1 (docs/fuzz.md): accepted by tinyskel_validate, though the link
# slot overlaps the .rodata pointer; and a pointer slot at offset 92 (the
# fuzzer's own minimised reproducer, kept as it was found).
put("validate", "finding1-link-overlaps-pointer", skel([], link=96))
put("validate", "finding1-misaligned-pointer",
    bytes.fromhex("00401000000080300 0d0610000405c00000400080004 44".replace(" ", "")))
