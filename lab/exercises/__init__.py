"""The "Your turn" exercises of the Docker pages and `lab check`, which checks them on the
reader's own engine: what runs (images, containers, Compose projects), never their files."""
