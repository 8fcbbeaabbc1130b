/* The ordered tree behind the shim's linux/rbtree.h (see there: not rebalanced). */
#include <linux/rbtree.h>

static void set_parent(struct rb_node *n, struct rb_node *parent) {
  if (n) n->__rb_parent_color = (unsigned long)parent;
}

/* Puts `to` where `from` hangs (its parent's link, or the root). */
static void replace_child(struct rb_node *from, struct rb_node *to, struct rb_root *root) {
  struct rb_node *parent = rb_parent(from);
  if (!parent) root->rb_node = to;
  else if (parent->rb_left == from) parent->rb_left = to;
  else parent->rb_right = to;
  set_parent(to, parent);
}

void rb_erase(struct rb_node *node, struct rb_root *root) {
  if (!node->rb_left) {
    replace_child(node, node->rb_right, root);
  } else if (!node->rb_right) {
    replace_child(node, node->rb_left, root);
  } else { /* two children: the successor (leftmost of the right subtree) takes its place */
    struct rb_node *succ = node->rb_right;
    while (succ->rb_left) succ = succ->rb_left;
    if (rb_parent(succ) != node) {
      replace_child(succ, succ->rb_right, root);
      succ->rb_right = node->rb_right;
      set_parent(succ->rb_right, succ);
    }
    replace_child(node, succ, root);
    succ->rb_left = node->rb_left;
    set_parent(succ->rb_left, succ);
  }
}

struct rb_node *rb_first(const struct rb_root *root) {
  struct rb_node *n = root->rb_node;
  if (!n) return NULL;
  while (n->rb_left) n = n->rb_left;
  return n;
}

struct rb_node *rb_last(const struct rb_root *root) {
  struct rb_node *n = root->rb_node;
  if (!n) return NULL;
  while (n->rb_right) n = n->rb_right;
  return n;
}

struct rb_node *rb_next(const struct rb_node *node) {
  struct rb_node *parent;
  if (RB_EMPTY_NODE(node)) return NULL;
  if (node->rb_right) {
    node = node->rb_right;
    while (node->rb_left) node = node->rb_left;
    return (struct rb_node *)node;
  }
  while ((parent = rb_parent(node)) && node == parent->rb_right) node = parent;
  return parent;
}

struct rb_node *rb_prev(const struct rb_node *node) {
  struct rb_node *parent;
  if (RB_EMPTY_NODE(node)) return NULL;
  if (node->rb_left) {
    node = node->rb_left;
    while (node->rb_right) node = node->rb_right;
    return (struct rb_node *)node;
  }
  while ((parent = rb_parent(node)) && node == parent->rb_left) node = parent;
  return parent;
}
