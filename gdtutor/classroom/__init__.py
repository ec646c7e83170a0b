"""A class as a whole: its folder, roster, reports and gradebook. Reads learners' stores, never writes."""
