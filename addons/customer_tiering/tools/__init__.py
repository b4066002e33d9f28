from . import guard
from . import derived
from . import bulk_writer
from . import collector
