"""PDF documents (ReportLab) from plain values: the building blocks every document shares
(:mod:`.frame`, :mod:`.blocks`, :mod:`.fonts`) and one module per document.  Like ``excel/``,
this package knows neither the services nor the models."""
