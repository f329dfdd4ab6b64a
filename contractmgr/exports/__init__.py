"""Documents the system writes: Word annexes, supplementary contracts and acceptance reports, Excel schedules, OCDS."""
