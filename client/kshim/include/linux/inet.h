/* Stand-in for linux/inet.h: the addresses decode.c handles (linux/in.h). */
#include <linux/in.h>
