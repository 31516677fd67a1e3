package gitsource

func cleanupProbe() {}
