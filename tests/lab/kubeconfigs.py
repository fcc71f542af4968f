"""A user's own kubeconfig, which the lab's context must leave as it found it."""

# A user's file as kubectl writes it, with a comment and two contexts of their own.
USERS_FILE = """\
# my clusters: work and home
apiVersion: v1
clusters:
- cluster:
    server: https://work.example:6443
  name: work
- cluster:
    server: https://home.example:6443
  name: home
contexts:
- context:
    cluster: work
    user: me
  name: work
- context:
    cluster: home
    user: me
    namespace: media  # where I usually am
  name: home
current-context: home
kind: Config
preferences: {}
users:
- name: me
  user:
    token: not-a-real-token
"""
