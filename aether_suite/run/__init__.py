"""Running the suite: the server check, behavex workers, where a run's time went."""
