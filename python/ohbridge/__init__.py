"""ohbridge: drive OpenHarmony mission and WantAgent interfaces from Python."""
