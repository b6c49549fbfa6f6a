"""The archive (`corpus/`): originals and their JSON records. It is the truth; the index is
derived from it and can always be rebuilt."""
