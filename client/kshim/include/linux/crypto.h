/* Stand-in for linux/crypto.h: the types the tree's msgr2 state names (the MonClient runs
 * msgr1 with monsim's auth model; no cipher is ever set up). */
#ifndef MONSIM_KSHIM_LINUX_CRYPTO_H
#define MONSIM_KSHIM_LINUX_CRYPTO_H
#include <linux/completion.h>
#include <linux/kshim.h>
struct crypto_shash;
struct crypto_aead;
struct crypto_sync_skcipher;
struct aead_request;
struct crypto_wait {
  struct completion completion;
  int err;
};
#endif
