"""HL7 v2.x messages (ER7 pipe-and-hat encoding, MLLP framing, FHS/BHS batches)."""

from phiscope.readers.hl7v2.reader import Hl7v2Reader

__all__ = ["Hl7v2Reader"]
