"""Ajoute à un classeur, au niveau du paquet, des contenus qu'aucune bibliothèque d'écriture courante ne sait produire,
tels qu'Excel les enregistre : zone de texte (dessin), sparklines, lien vers un autre classeur, objet incorporé.

Usage : python3 contenus.py FICHIER.xlsx OPERATIONS.json
Opérations : {"op": "zone_de_texte", "feuille", "texte"}, {"op": "sparkline", "feuille", "source", "cellule"},
{"op": "lien_externe", "feuille", "cellule", "classeur", "valeur"}, {"op": "objet_incorpore", "feuille"}.
"""
import json
import re
import sys
import zipfile

NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = NS_R + "/"

ORDRE_APRES_DRAWING = ["legacyDrawing", "legacyDrawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"]


def chemin_feuille(parties, nom):
    wb = parties["xl/workbook.xml"].decode("utf-8")
    rels = parties["xl/_rels/workbook.xml.rels"].decode("utf-8")
    for m in re.finditer(r"<sheet\b[^>]*>", wb):
        balise = m.group(0)
        if re.search(r'name="%s"' % re.escape(nom.replace("&", "&amp;")), balise):
            rid = re.search(r'r:id="([^"]+)"', balise).group(1)
            cible = re.search(r'<Relationship\b[^>]*Id="%s"[^>]*>' % rid, rels).group(0)
            t = re.search(r'Target="([^"]+)"', cible).group(1)
            return t.lstrip("/") if t.startswith("/") else "xl/" + t
    raise KeyError(nom)


def rels_de(chemin):
    d, f = chemin.rsplit("/", 1)
    return f"{d}/_rels/{f}.rels"


def ajouter_rel(parties, source, type_, cible, externe=False):
    chemin = rels_de(source)
    xml = parties.get(chemin, b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>').decode("utf-8")
    pris = set(re.findall(r'Id="([^"]+)"', xml))
    k = 1
    while f"rIdX{k}" in pris:
        k += 1
    rid = f"rIdX{k}"
    mode = ' TargetMode="External"' if externe else ""
    xml = xml.replace("</Relationships>", f'<Relationship Id="{rid}" Type="{REL}{type_}" Target="{cible}"{mode}/></Relationships>')
    parties[chemin] = xml.encode("utf-8")
    return rid


def inserer_avant(xml, element, suivants):
    for s in suivants:
        i = xml.find(f"<{s}")
        if i >= 0:
            return xml[:i] + element + xml[i:]
    i = xml.rfind("</worksheet>")
    return xml[:i] + element + xml[i:]


def override(parties, partie, type_):
    ct = parties["[Content_Types].xml"].decode("utf-8")
    ct = ct.replace("</Types>", f'<Override PartName="/{partie}" ContentType="{type_}"/></Types>')
    parties["[Content_Types].xml"] = ct.encode("utf-8")


ANCRE_ZONE_DE_TEXTE = (
    '<xdr:twoCellAnchor><xdr:from><xdr:col>6</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>'
    '<xdr:to><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>5</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>'
    '<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="%(id)d" name="ZoneTexte %(id)d"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr>'
    '<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2000000" cy="600000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>'
    '<xdr:txBody><a:bodyPr vertOverflow="clip" wrap="square" rtlCol="0"/><a:lstStyle/><a:p><a:r><a:rPr lang="fr-FR" sz="1100"/><a:t>%(texte)s</a:t></a:r></a:p></xdr:txBody></xdr:sp>'
    "<xdr:clientData/></xdr:twoCellAnchor>"
)


def zone_de_texte(parties, op):
    """Une zone de texte, dans le dessin de la feuille s'il existe (une feuille n'a qu'un dessin), comme Excel."""
    feuille = chemin_feuille(parties, op["feuille"])
    texte = op["texte"].replace("&", "&amp;").replace("<", "&lt;")
    rels = parties.get(rels_de(feuille), b"").decode("utf-8")
    existant = re.search(r'<Relationship\b[^>]*/drawing"[^>]*>', rels)
    if existant:
        cible = re.search(r'Target="([^"]+)"', existant.group(0)).group(1)
        dessin = cible.lstrip("/") if cible.startswith("/") else "xl/drawings/" + cible.rsplit("/", 1)[1]
        xml = parties[dessin].decode("utf-8")
        prefixe = re.match(r"[\s\S]*?<(\w+):wsDr", xml)
        xdr = prefixe.group(1) if prefixe else "xdr"
        ancre = (ANCRE_ZONE_DE_TEXTE % {"id": 90, "texte": texte}).replace("xdr:", xdr + ":")
        if "xmlns:a=" not in xml[:600]:
            xml = xml.replace(f"<{xdr}:wsDr ", f'<{xdr}:wsDr xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ', 1)
        parties[dessin] = xml.replace(f"</{xdr}:wsDr>", ancre + f"</{xdr}:wsDr>").encode("utf-8")
        return
    k = 1
    while f"xl/drawings/drawingTB{k}.xml" in parties:
        k += 1
    dessin = f"xl/drawings/drawingTB{k}.xml"
    parties[dessin] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        + ANCRE_ZONE_DE_TEXTE % {"id": 2, "texte": texte}
        + "</xdr:wsDr>"
    ).encode("utf-8")
    override(parties, dessin, "application/vnd.openxmlformats-officedocument.drawing+xml")
    rid = ajouter_rel(parties, feuille, "drawing", "../drawings/" + dessin.rsplit("/", 1)[1])
    xml = parties[feuille].decode("utf-8")
    if "xmlns:r=" not in xml[:800]:
        xml = xml.replace("<worksheet ", f'<worksheet xmlns:r="{NS_R}" ', 1)
    parties[feuille] = inserer_avant(xml, f'<drawing r:id="{rid}"/>', ORDRE_APRES_DRAWING).encode("utf-8")


def sparkline(parties, op):
    feuille = chemin_feuille(parties, op["feuille"])
    xml = parties[feuille].decode("utf-8")
    ext = (
        '<ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        '<x14:sparklineGroups xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:sparklineGroup displayEmptyCellsAs="gap">'
        '<x14:colorSeries rgb="FF376092"/><x14:colorNegative rgb="FFD00000"/><x14:colorAxis rgb="FF000000"/><x14:colorMarkers rgb="FFD00000"/>'
        '<x14:colorFirst rgb="FFD00000"/><x14:colorLast rgb="FFD00000"/><x14:colorHigh rgb="FFD00000"/><x14:colorLow rgb="FFD00000"/>'
        f'<x14:sparklines><x14:sparkline><xm:f>{op["source"]}</xm:f><xm:sqref>{op["cellule"]}</xm:sqref></x14:sparkline></x14:sparklines>'
        "</x14:sparklineGroup></x14:sparklineGroups></ext>"
    )
    if "<extLst>" in xml:
        xml = xml.replace("<extLst>", "<extLst>" + ext, 1)
    else:
        xml = xml.replace("</worksheet>", f"<extLst>{ext}</extLst></worksheet>")
    parties[feuille] = xml.encode("utf-8")


def lien_externe(parties, op):
    feuille = chemin_feuille(parties, op["feuille"])
    lien = "xl/externalLinks/externalLink1.xml"
    parties[lien] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<externalBook r:id="rId1"><sheetNames><sheetName val="Effectifs"/></sheetNames>'
        f'<sheetDataSet><sheetData sheetId="0"><row r="2"><cell r="B2"><v>{op["valeur"]}</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>'
    ).encode("utf-8")
    parties["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}externalLinkPath" Target="{op["classeur"]}" TargetMode="External"/></Relationships>'
    ).encode("utf-8")
    override(parties, lien, "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml")
    rid = ajouter_rel(parties, "xl/workbook.xml", "externalLink", "externalLinks/externalLink1.xml")
    wb = parties["xl/workbook.xml"].decode("utf-8")
    if "xmlns:r=" not in re.search(r"<workbook\b[^>]*>", wb).group(0):
        wb = re.sub(r"<workbook\b", f'<workbook xmlns:r="{NS_R}"', wb, count=1)
    wb = wb.replace("</sheets>", f'</sheets><externalReferences><externalReference r:id="{rid}"/></externalReferences>', 1)
    parties["xl/workbook.xml"] = wb.encode("utf-8")
    xml = parties[feuille].decode("utf-8")
    cellule = op["cellule"]
    ligne = re.match(r"[A-Z]+(\d+)", cellule).group(1)
    c = f'<c r="{cellule}"><f>[1]Effectifs!$B$2</f><v>{op["valeur"]}</v></c>'
    m = re.search(r'<row r="%s"[^>]*>(.*?)</row>' % ligne, xml)
    if m:
        xml = xml[: m.end(1)] + c + xml[m.end(1):]
    else:
        xml = xml.replace("</sheetData>", f'<row r="{ligne}">{c}</row></sheetData>', 1).replace("<sheetData/>", f'<sheetData><row r="{ligne}">{c}</row></sheetData>', 1)
    parties[feuille] = xml.encode("utf-8")


def objet_incorpore(parties, op):
    feuille = chemin_feuille(parties, op["feuille"])
    parties["xl/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8
    ct = parties["[Content_Types].xml"].decode("utf-8")
    if 'Extension="bin"' not in ct:
        ct = ct.replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/></Types>')
        parties["[Content_Types].xml"] = ct.encode("utf-8")
    rid = ajouter_rel(parties, feuille, "oleObject", "../embeddings/oleObject1.bin")
    xml = parties[feuille].decode("utf-8")
    if "xmlns:r=" not in xml[:800]:
        xml = xml.replace("<worksheet ", f'<worksheet xmlns:r="{NS_R}" ', 1)
    element = f'<oleObjects><oleObject progId="Package" shapeId="1025" r:id="{rid}"/></oleObjects>'
    parties[feuille] = inserer_avant(xml, element, ["controls", "webPublishItems", "tableParts", "extLst"]).encode("utf-8")


OPERATIONS = {"zone_de_texte": zone_de_texte, "sparkline": sparkline, "lien_externe": lien_externe, "objet_incorpore": objet_incorpore}


def appliquer(chemin, operations):
    with zipfile.ZipFile(chemin) as z:
        parties = {n: z.read(n) for n in z.namelist()}
    for op in operations:
        OPERATIONS[op["op"]](parties, op)
    with zipfile.ZipFile(chemin, "w", zipfile.ZIP_DEFLATED) as z:
        for n, contenu in parties.items():
            z.writestr(n, contenu)


if __name__ == "__main__":
    with open(sys.argv[2], encoding="utf-8") as f:
        appliquer(sys.argv[1], json.load(f))
