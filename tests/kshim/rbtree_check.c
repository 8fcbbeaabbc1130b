/* The shim's ordered tree (client/kshim/rbtree.c) checked the way libceph uses it (insert by
 * key with rb_link_node/rb_insert_color, rb_erase, walk with rb_first/rb_next), against a
 * plain array: after every step the walk gives exactly the keys present, in order. */
#include <linux/rbtree.h>

struct item {
  unsigned long key;
  struct rb_node node;
};

static void insert(struct rb_root *root, struct item *it) {
  struct rb_node **n = &root->rb_node, *parent = NULL;
  while (*n) {
    struct item *cur = rb_entry(*n, struct item, node);
    parent = *n;
    n = it->key < cur->key ? &(*n)->rb_left : &(*n)->rb_right;
  }
  rb_link_node(&it->node, parent, n);
  rb_insert_color(&it->node, root);
}

/* A small LCG: the check's own reproducible draws. */
static unsigned long next(unsigned long *s) { return (*s = *s * 6364136223846793005UL + 1442695040888963407UL) >> 33; }

/* 0 if every step kept the order and the set; the failing step's number otherwise. */
int kshim_rbtree_check(unsigned long seed, int steps) {
  enum { N = 64 };
  struct item items[N];
  bool in[N] = {false};
  struct rb_root root = RB_ROOT;
  for (int i = 0; i < N; i++) {
    items[i].key = i;
    RB_CLEAR_NODE(&items[i].node);
  }
  for (int step = 1; step <= steps; step++) {
    const int i = (int)(next(&seed) % N);
    if (in[i]) {
      rb_erase(&items[i].node, &root);
      RB_CLEAR_NODE(&items[i].node);
    } else {
      insert(&root, &items[i]);
    }
    in[i] = !in[i];
    int expect = 0;
    for (struct rb_node *p = rb_first(&root); p; p = rb_next(p)) {
      while (expect < N && !in[expect]) expect++;
      if (expect >= N || rb_entry(p, struct item, node)->key != (unsigned long)expect) return step;
      expect++;
    }
    while (expect < N && !in[expect]) expect++;
    if (expect != N) return step;
    for (int k = 0; k < N; k++)
      if (RB_EMPTY_NODE(&items[k].node) == in[k]) return step;
  }
  return 0;
}
