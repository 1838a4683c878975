#!/usr/bin/env python3
# btf_mutate.py IN.o OUT.o MODE
#   cycle: point the second modifier of VAR 'cyc' (const -> volatile -> int)
#          back at the first, a modifier cycle in .BTF
#   self:  make the first member of struct 'selfref' have type struct selfref
#   name:  rename VAR 'out' to 'o*/' (a name that would close a comment)
# Only the BTF changes; libbpf 1.1 accepts the object (it checks type ids,
# not cycles), so skelgen's own walks meet the cycle.
import struct, sys
data = bytearray(open(sys.argv[1], 'rb').read())
# ELF64 section headers
shoff, = struct.unpack_from('<Q', data, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from('<HHH', data, 0x3a)
def sh(i):
    return struct.unpack_from('<IIQQQQIIQQ', data, shoff + i * shentsize)
stroff = sh(shstrndx)[4]
btf_off = None
for i in range(shnum):
    h = sh(i)
    name = data[stroff + h[0]:data.index(b'\0', stroff + h[0])].decode()
    if name == '.BTF':
        btf_off = h[4]
magic, ver, flags, hdr_len, type_off, type_len, str_off, str_len = struct.unpack_from('<HBBIIIII', data, btf_off)
tbase = btf_off + hdr_len + type_off
sbase = btf_off + hdr_len + str_off
def s(o):
    return data[sbase + o:data.index(b'\0', sbase + o)].decode()
extra = {1: lambda v: 4, 3: lambda v: 12, 4: lambda v: 12 * v, 5: lambda v: 12 * v, 6: lambda v: 8 * v,
         13: lambda v: 8 * v, 14: lambda v: 4, 15: lambda v: 12 * v, 17: lambda v: 4, 19: lambda v: 12 * v}
pos, tid, types = tbase, 1, {}
while pos < tbase + type_len:
    name_off, info, st = struct.unpack_from('<III', data, pos)
    kind, vlen = (info >> 24) & 0x1f, info & 0xffff
    types[tid] = (pos, kind, name_off, st)
    pos += 12 + extra.get(kind, lambda v: 0)(vlen)
    tid += 1
if sys.argv[3] == 'name':
    vid = [i for i, t in types.items() if t[1] == 14 and s(t[2]) == 'out'][0]
    data[sbase + types[vid][2]:sbase + types[vid][2] + 3] = b'o*/'
    open(sys.argv[2], 'wb').write(data)
    sys.exit(0)
if sys.argv[3] == 'self':
    sid = [i for i, t in types.items() if t[1] == 4 and s(t[2]) == 'selfref'][0]
    struct.pack_into('<I', data, types[sid][0] + 12 + 4, sid)
    open(sys.argv[2], 'wb').write(data)
    sys.exit(0)
var = [i for i, t in types.items() if t[1] == 14 and s(t[2]) == 'cyc'][0]
m1 = types[var][3]
m2 = types[m1][3]
assert types[m1][1] in (9, 10) and types[m2][1] in (9, 10), 'expected const/volatile chain'
struct.pack_into('<I', data, types[m2][0] + 8, m1)  # second modifier points back at the first
open(sys.argv[2], 'wb').write(data)
