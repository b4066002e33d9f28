from . import guard
from . import derived
