/* Stand-in for linux/bvec.h: the bio_vec types the tree's message data cursor holds. */
#ifndef MONSIM_KSHIM_LINUX_BVEC_H
#define MONSIM_KSHIM_LINUX_BVEC_H
#include <linux/kshim.h>
struct page;
struct bio_vec {
  struct page *bv_page;
  unsigned int bv_len;
  unsigned int bv_offset;
};
struct bvec_iter {
  u64 bi_sector;
  unsigned int bi_size;
  unsigned int bi_idx;
  unsigned int bi_bvec_done;
};
#endif
