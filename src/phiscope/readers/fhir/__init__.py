"""FHIR readers: JSON resources, Bundles and NDJSON bulk exports; FHIR XML."""

from phiscope.readers.fhir.json_reader import FhirJsonReader
from phiscope.readers.fhir.xml_reader import FhirXmlReader

__all__ = ["FhirJsonReader", "FhirXmlReader"]
