/* Stand-in for linux/printk.h: printk() and the pr_*() macros, into the simulated kernel's
 * log (kshim_printk: the trace, and dmesg.txt as dmesg shows it). pr_debug() is dynamic
 * debug's, always enabled with +pf: the function name is kept for the debug line's prefix. */
#ifndef MONSIM_KSHIM_LINUX_PRINTK_H
#define MONSIM_KSHIM_LINUX_PRINTK_H
#include <linux/kshim.h>

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"
#define KERN_CONT KERN_SOH "c"

/* One record: `fmt` may start with a KERN_* level (default: warning, as printk's). */
__printf(2, 3) int kshim_printf_log(const char *func, const char *fmt, ...);

#define printk(fmt, ...) kshim_printf_log(__func__, fmt, ##__VA_ARGS__)
#define pr_emerg(fmt, ...) kshim_printf_log(__func__, KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) kshim_printf_log(__func__, KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) kshim_printf_log(__func__, KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warning pr_warn
#define pr_notice(fmt, ...) kshim_printf_log(__func__, KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) kshim_printf_log(__func__, KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...) kshim_printf_log(__func__, KERN_CONT fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) kshim_printf_log(__func__, KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn_once pr_warn
#define pr_err_once pr_err
#define pr_warn_ratelimited pr_warn
#define pr_err_ratelimited pr_err
#define pr_info_ratelimited pr_info
#define pr_notice_ratelimited pr_notice
#endif
