// PolicyXML
