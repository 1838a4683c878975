/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* cident.c - identifiers and escaped text for the generated header. */
#include <stdlib.h>
#include <string.h>

#include "cident.h"

/* C11 and GNU C keywords, and bool/true/false (macros once <stdbool.h> is
 * in): never a name in a C header. */
static const char *const c_words[] = {
	"_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn",
	"_Static_assert", "_Thread_local", "asm", "auto", "bool", "break", "case", "char", "const",
	"continue", "default", "do", "double", "else", "enum", "extern", "false", "float", "for", "goto",
	"if", "inline", "int", "long", "register", "restrict", "return", "short", "signed", "sizeof",
	"static", "struct", "switch", "true", "typedef", "typeof", "union", "unsigned", "void", "volatile",
	"while",
};

/* C++20 keywords and alternative tokens that are valid C names (a BPF
 * global may be called `new` or `class`). */
static const char *const cxx_words[] = {
	"alignas", "alignof", "and", "and_eq", "bitand", "bitor", "catch", "char8_t", "char16_t",
	"char32_t", "class", "compl", "concept", "consteval", "constexpr", "constinit", "const_cast",
	"co_await", "co_return", "co_yield", "decltype", "delete", "dynamic_cast", "explicit", "export",
	"friend", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or",
	"or_eq", "private", "protected", "public", "reinterpret_cast", "requires", "static_assert",
	"static_cast", "template", "this", "thread_local", "throw", "try", "typeid", "typename", "using",
	"virtual", "wchar_t", "xor", "xor_eq",
};

/* Object-like macros of every header a generated header includes and of
 * the compilers (sorted; scripts/lskel-macros.sh writes it). */
static const char *const macros[] = {
#include "lskel_macros.inc"
};

static int in(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

int sg_is_c_keyword(const char *s)
{
	return in(s, c_words, sizeof(c_words) / sizeof(c_words[0]));
}

int sg_is_cxx_keyword(const char *s)
{
	return in(s, cxx_words, sizeof(cxx_words) / sizeof(cxx_words[0]));
}

int sg_is_header_macro(const char *s)
{
	return bsearch(s, macros, sizeof(macros) / sizeof(macros[0]), sizeof(macros[0]), cmp_name) != NULL;
}

const char *sg_name_problem(const char *s)
{
	size_t i;

	if (!s[0])
		return "empty";
	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i && c >= '0' && c <= '9')))
			return "not a C identifier";
	}
	if (sg_is_c_keyword(s))
		return "a C keyword";
	if (sg_is_header_macro(s))
		return "a macro of the C library, the kernel headers or the compiler";
	if (!strncmp(s, "TINYSKEL_", 9) || !strncmp(s, "TSK_", 4))
		return "tinyskel's macro prefix";
	return NULL;
}

const char *sg_ident_problem(const char *s)
{
	const char *why = sg_name_problem(s);

	if (why)
		return why;
	if (sg_is_cxx_keyword(s))
		return "a C++ keyword";
	/* Reserved to the implementation: some target's compiler or libc may
	 * predefine it even where this machine's does not (__arm__, _LP64). */
	if (sg_is_reserved_shape(s))
		return "reserved for the compiler and C library (_X, __x)";
	if (!strncmp(s, "tinyskel", 8))
		return "tinyskel's own prefix";
	return NULL;
}

const char *sg_member_problem(const char *s)
{
	const char *why = sg_name_problem(s);

	if (why)
		return why;
	if (!strncmp(s, "tinyskel", 8))
		return "tinyskel's own prefix";
	return NULL;
}

const char *sg_cxx_problem(const char *s)
{
	return sg_is_cxx_keyword(s) ? "a C++ keyword or alternative token" : NULL;
}

int sg_is_reserved_shape(const char *s)
{
	return s[0] == '_' && (s[1] == '_' || (s[1] >= 'A' && s[1] <= 'Z'));
}

void sg_c_name_guard(FILE *f, const char *what, const char *name)
{
	/* Valid C, so the C build goes on; only the build that breaks stops,
	 * with a message naming the cause instead of a parse error. */
	if (sg_cxx_problem(name))
		fprintf(f, "#ifdef __cplusplus\n#error \"skelgen: %s '%s' is a C++ keyword: this header is C only "
			   "(rename it in the BPF source to use it from C++)\"\n#endif\n", what, name);
	/* Reserved to the implementation: this machine's compilers do not
	 * define it (cident.c checks their macros), some target's might. */
	if (sg_is_reserved_shape(name))
		fprintf(f, "#ifdef %s\n#error \"skelgen: %s '%s' is a macro of this compiler or C library\"\n#endif\n",
			name, what, name);
}

const char *sg_skel_name_problem(const char *s)
{
	const char *why = sg_ident_problem(s);
	size_t len = strlen(s);

	if (why)
		return why;
	/* `struct NAME` beside a typedef of that name is an error in C++
	 * (size_t, uint8_t, pid_t: the C library's type names end in _t). */
	if (len > 2 && !strcmp(s + len - 2, "_t"))
		return "ends in _t, like the C library's type names (struct size_t breaks C++)";
	return NULL;
}

static int plain(char c)
{
	return c >= ' ' && c <= '~' && c != '\\' && c != '?';
}

void sg_c_comment(FILE *f, const char *s)
{
	for (; *s; s++) {
		int closes = (s[0] == '*' && s[1] == '/') || (s[0] == '/' && s[1] == '*');

		if (plain(*s) && !closes)
			fputc(*s, f);
		else
			fprintf(f, "\\x%02x", (unsigned char)*s);
	}
}

void sg_c_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (plain(*s) && *s != '"')
			fputc(*s, f);
		else
			fprintf(f, "\\%03o", (unsigned char)*s);
	}
	fputc('"', f);
}

const char *sg_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}
