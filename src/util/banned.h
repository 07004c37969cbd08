/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Functions rt never uses: unbounded copies, hidden state, silent overflow, a shell.
 * Include this LAST (after every system header), through util/util.h.
 */
#ifndef RT_UTIL_BANNED_H
#define RT_UTIL_BANNED_H

#define RT_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) RT_BANNED(strcpy)
#undef strcat
#define strcat(x, y) RT_BANNED(strcat)
#undef sprintf
#define sprintf(...) RT_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) RT_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) RT_BANNED(strtok)
#undef atoi
#define atoi(x) RT_BANNED(atoi)
#undef atol
#define atol(x) RT_BANNED(atol)
#undef alloca
#define alloca(x) RT_BANNED(alloca)
#undef system
#define system(x) RT_BANNED(system)
#undef popen
#define popen(x, y) RT_BANNED(popen)
#undef gets
#define gets(x) RT_BANNED(gets)

#endif
