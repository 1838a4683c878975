/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* cident.c - identifiers and escaped text for the generated header. */
#include <string.h>

#include "cident.h"

/* C11, C++20 and GNU keywords plus C++'s alternative tokens: any of them
 * as a struct or member name breaks some compiler the header must pass. */
static const char *const keywords[] = {
	"alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
	"case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept",
	"const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
	"co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast",
	"else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto",
	"if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
	"nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
	"reinterpret_cast", "requires", "restrict", "return", "short", "signed", "sizeof", "static",
	"static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local",
	"throw", "true", "try", "typedef", "typeid", "typename", "typeof", "union", "unsigned",
	"using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
};

/* Object-like macros of the included headers that are not all capitals
 * (those are refused as a class), and predefined in GNU modes. */
static const char *const macros[] = { "errno", "alloca", "linux", "unix", "i386" };

static int in(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

const char *sg_ident_problem(const char *s)
{
	size_t len = strlen(s), i;
	int lower = 0;

	if (!len)
		return "empty";
	for (i = 0; i < len; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || c == '_' || (i && c >= '0' && c <= '9'))
			lower |= c >= 'a' && c <= 'z';
		else if (!(c >= 'A' && c <= 'Z'))
			return "not a C identifier";
	}
	if (in(s, keywords, sizeof(keywords) / sizeof(keywords[0])))
		return "a C or C++ keyword";
	if (s[0] == '_' && (s[1] == '_' || (s[1] >= 'A' && s[1] <= 'Z')))
		return "reserved for the compiler and C library (_X, __x)";
	if (!lower)
		return "all capitals: the names of the C library's macros (EPERM, INT8_MAX, NULL)";
	if (in(s, macros, sizeof(macros) / sizeof(macros[0])))
		return "a macro of the C library or the compiler";
	if (len > 2 && !strcmp(s + len - 2, "_t"))
		return "ends in _t: the C library's type names (size_t, uint8_t)";
	if (!strncmp(s, "tinyskel", 8) || !strncmp(s, "tsk_", 4))
		return "tinyskel's own prefix";
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
