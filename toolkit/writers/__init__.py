"""Writers: one per format (pptx, docx, markdown), each turning a document tree into a file, over the OPC layer."""
