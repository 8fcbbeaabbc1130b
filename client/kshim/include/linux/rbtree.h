/* Stand-in for linux/rbtree.h: the interface libceph's DEFINE_RB_FUNCS uses. port: the tree
 * is an ordered binary tree with parent links, not rebalanced (rb_insert_color() does nothing):
 * lookups, rb_first() and rb_next() give what the kernel's give, in the same order; only
 * their cost differs, and a MonClient holds few requests. */
#ifndef MONSIM_KSHIM_LINUX_RBTREE_H
#define MONSIM_KSHIM_LINUX_RBTREE_H
#include <linux/kshim.h>

struct rb_node {
  unsigned long __rb_parent_color; /* the parent's address (itself: not in a tree) */
  struct rb_node *rb_right;
  struct rb_node *rb_left;
} __aligned(sizeof(long));
struct rb_root {
  struct rb_node *rb_node;
};
struct rb_root_cached {
  struct rb_root rb_root;
  struct rb_node *rb_leftmost;
};

#define RB_ROOT ((struct rb_root){NULL})
#define rb_parent(r) ((struct rb_node *)((r)->__rb_parent_color))
#define rb_entry(ptr, type, member) container_of(ptr, type, member)
#define rb_entry_safe(ptr, type, member) ({ __typeof__(ptr) ____ptr = (ptr); ____ptr ? rb_entry(____ptr, type, member) : NULL; })
#define RB_EMPTY_ROOT(root) (READ_ONCE((root)->rb_node) == NULL)
#define RB_EMPTY_NODE(node) ((node)->__rb_parent_color == (unsigned long)(node))
#define RB_CLEAR_NODE(node) ((node)->__rb_parent_color = (unsigned long)(node))

static inline void rb_link_node(struct rb_node *node, struct rb_node *parent, struct rb_node **rb_link) {
  node->__rb_parent_color = (unsigned long)parent;
  node->rb_left = node->rb_right = NULL;
  *rb_link = node;
}
static inline void rb_insert_color(struct rb_node *node, struct rb_root *root) {
  (void)node;
  (void)root;
}
void rb_erase(struct rb_node *node, struct rb_root *root);
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);
#endif
