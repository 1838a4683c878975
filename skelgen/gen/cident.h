/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * cident.h - what may go into a generated header: identifiers that compile
 * in C and C++ next to the headers it includes, and text made safe for
 * comments and string literals.  Names come from the object (program and
 * map names, section names), so they are attacker bytes until checked.
 */
#ifndef SKELGEN_CIDENT_H
#define SKELGEN_CIDENT_H

#include <stddef.h>
#include <stdio.h>

/* NULL if `s` can name the skeleton, a program or a map in the header (a
 * struct, a member, a function prefix, in C and C++); else why not ("a C++
 * keyword", "not a C identifier", ...).  Library macros are refused by
 * their exact names (sg_is_header_macro), not by their shape: `EVENTS` or
 * `start_t` are fine, as they are with bpftool. */
const char *sg_ident_problem(const char *s);

/* NULL if `s` can name a program or a map in the header (a member of
 * skel->progs/maps/links): sg_name_problem's rule and not tinyskel's
 * prefix.  C++ keywords (`and`, `new`) and names reserved to the
 * implementation (`__bpf_usdt_specs`, libbpf's own) are valid C and
 * compile as bpftool's do: sg_c_name_guard() makes only the build they
 * break fail, with a message. */
const char *sg_member_problem(const char *s);

/* "a C++ keyword ..." if `s` is valid C but not C++, else NULL. */
const char *sg_cxx_problem(const char *s);

/* _X or __x: reserved for the compiler and C library. */
int sg_is_reserved_shape(const char *s);

/* Preprocessor guards for a program or map name (`what`) accepted by
 * sg_member_problem: `#error` under __cplusplus for a C++ keyword, and
 * `#error` where a reserved-shape name is a macro of the target. */
void sg_c_name_guard(FILE *f, const char *what, const char *name);

/* The skeleton's own name (`struct NAME`, NAME__open): sg_ident_problem's
 * rule, and no *_t name (a typedef's name as a struct tag breaks C++). */
const char *sg_skel_name_problem(const char *s);

/* The weaker rule for BTF names of global data (btf_c.c spells C++
 * keywords NAME_ under __cplusplus): a C identifier, no C keyword, no
 * macro of the included headers.  NULL if fine, else why not. */
const char *sg_name_problem(const char *s);

int sg_is_c_keyword(const char *s);
int sg_is_cxx_keyword(const char *s);
/* An object-like macro of a header the generated header includes, or of
 * the compilers (skelgen/gen/lskel_macros.inc). */
int sg_is_header_macro(const char *s);

/* `s` for inside a comment: only plain printable ASCII kept; '*' before
 * '/', '/' before '*', '\\', '?' and everything else as \xNN. */
void sg_c_comment(FILE *f, const char *s);

/* `s` as a C/C++ string literal, quotes included: printable ASCII kept
 * (except '"', '\\', '?'), everything else as a 3-digit octal escape. */
void sg_c_string(FILE *f, const char *s);

/* The file name part of a path ("a/b/x.bpf.o" -> "x.bpf.o"). */
const char *sg_base_name(const char *path);

#endif /* SKELGEN_CIDENT_H */
