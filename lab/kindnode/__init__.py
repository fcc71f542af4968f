"""A look-alike of kind's node image (kindest/node), for machines that can't pull it."""
