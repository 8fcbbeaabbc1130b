/* Stand-in for linux/string.h: the C library's memory and string functions (the simulated
 * kernel's C is linked into monsim's process), and the kernel's own sprintf family, whose
 * %p extensions libceph uses (kshim_vsnprintf). */
#ifndef MONSIM_KSHIM_LINUX_STRING_H
#define MONSIM_KSHIM_LINUX_STRING_H
#include <linux/kshim.h>
#include <linux/printk.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
void *memchr_inv(const void *s, int c, size_t n); /* the first byte that is not c */

int kshim_sprintf(char *buf, const char *fmt, ...);
int kshim_snprintf(char *buf, size_t size, const char *fmt, ...);
#define sprintf kshim_sprintf
#define snprintf kshim_snprintf
#define scnprintf kshim_snprintf
#define vsprintf(buf, fmt, ap) kshim_vsnprintf(buf, (size_t)-1 >> 1, fmt, ap)
#define vsnprintf kshim_vsnprintf

static inline const char *kbasename(const char *path) {
  const char *tail = strrchr(path, '/');
  return tail ? tail + 1 : path;
}
char *kstrdup(const char *s, gfp_t gfp);
char *kstrndup(const char *s, size_t max, gfp_t gfp);
void *kmemdup(const void *src, size_t len, gfp_t gfp);
#endif
