"""Write the PDF and DOCX publications of the bundled sample corpus (corpus/samples/).

The TXT and HTML samples are written by hand; these two formats are binary, so their text
lives here and `tests/docgen.py` renders it with the real tools. Run it again after
changing a text:

    python tests/data/make_samples.py            # writes into corpus/samples/
    python tests/data/make_samples.py OUT_DIR    # writes somewhere else
"""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
SAMPLES = TESTS.parent / "corpus" / "samples"
sys.path.insert(0, str(TESTS))

from docgen import SOFT_HYPHEN, render  # noqa: E402

LUDVIKA = {
    "title": "Exempel: Samverkansöverenskommelse 2025–2027 mellan Ludvika kommun och Polisen",
    "blocks": [
        {"p": "Detta dokument är ett fiktivt exempel för loften. Det visar hur en "
              "samverkansöverenskommelse kan vara uppställd; ingen av parterna har beslutat den."},
        {"h": "Parter", "level": 2},
        {"p": "Överenskommelsen ingås mellan Ludvika kommun och Polismyndigheten genom "
              "lokalpolisområde Ludvika. Den gäller från den 1 januari 2025 till och med den "
              "31 december 2027."},
        {"h": "Bakgrund", "level": 2},
        {"p": "Kommunen och polisen har ett gemensamt ansvar för att invånarna ska kunna leva "
              "tryggt. Genom att samordna det brottsförebyggande arbetet kan parterna använda "
              "sina resurser bättre och nå fler. Överenskommelsen ersätter den som gällde "
              "2022–2024 och bygger på erfarenheterna därifrån."},
        {"p": "Parterna tar varje höst fram en gemensam lägesbild. Den bygger på polisens "
              "statistik över anmälda brott, kommunens trygghetsmätning, uppgifter från skola "
              "och socialtjänst och på samtal med invånare, föreningar och näringsliv."},
        {"h": "Syfte", "level": 2},
        {"p": "Syftet är att minska brottsligheten och öka tryggheten i hela kommunen, i "
              "Ludvika tätort såväl som i Grängesberg, Fredriksberg och Sunnansjö. Arbetet ska "
              "vara långsiktigt, bygga på kunskap och följas upp."},
        {"h": "Prioriterade områden", "level": 2},
        {"p": "Utifrån lägesbilden har parterna valt tre områden som ska prioriteras under "
              "hela avtalsperioden."},
        {"h": "Organiserad brottslighet och gängkriminalitet", "level": 3},
        {"p": "Unga ska inte rekryteras in i kriminella nätverk. Parterna vill tidigt "
              "upptäcka barn och unga som riskerar att dras in i brott och erbjuda dem stöd."},
        {"li": "Kommunen och polisen inför ett gemensamt arbetssätt för att tidigt upptäcka "
               "unga som riskerar att rekryteras till kriminella nätverk", "depth": 0},
        {"li": "Socialtjänsten och polisen håller orosmöten med unga och deras föräldrar "
               "inom en vecka efter att en ung person gripits", "depth": 0},
        {"li": "Kommunen använder sin tillsyn för att försvåra för kriminell verksamhet i "
               "lokaler och föreningar", "depth": 0},
        {"h": "Våld i nära relationer", "level": 3},
        {"p": "Den som utsätts för våld av en närstående ska få stöd snabbt, oavsett vilken "
              "myndighet hon eller han först vänder sig till."},
        {"li": "Socialtjänsten och polisen tar fram en gemensam rutin för skyddsbedömningar "
               "vid våld i nära relationer", "depth": 0},
        {"li": "Kommunen utbildar all personal i hemtjänst och förskola i att upptäcka och "
               "fråga om våld", "depth": 0},
        {"h": "Trygghet i offentlig miljö", "level": 3},
        {"p": "Centrum och stationsområdena ska kännas trygga att vistas i även på kvällen."},
        {"li": "Kommunen och polisen genomför trygghetsvandringar i Ludvika centrum och i "
               "Grängesberg varje år", "depth": 0},
        {"li": "Kommunen tar bort klotter på kommunens fastigheter inom en vecka", "depth": 0},
        {"h": "Medborgarlöften", "level": 2},
        {"p": "Varje år formulerar parterna ett medborgarlöfte med konkreta aktiviteter. "
              "Löftet tas fram utifrån lägesbilden och de medborgar" + SOFT_HYPHEN +
              "dialoger som parterna håller under hösten, och det offentliggörs senast i februari."},
        {"h": "Organisation", "level": 2},
        {"p": "En styrgrupp med kommundirektören och lokalpolisområdeschefen leder arbetet och "
              "träffas fyra gånger per år. En arbetsgrupp med kommunens trygghetssamordnare, "
              "kommunpolisen och representanter för socialtjänst, skola och fritid träffas "
              "varje månad och ansvarar för att aktiviteterna genomförs."},
        {"h": "Uppföljning", "level": 2},
        {"p": "Arbetsgruppen följer upp aktiviteterna varje halvår och redovisar resultatet "
              "för styrgruppen. En samlad uppföljning av hela perioden lämnas till "
              "kommunstyrelsen och till polisen i januari 2028."},
        {"table": [["Tidpunkt", "Uppföljning"],
                   ["Juni varje år", "Halvårsrapport till styrgruppen"],
                   ["December varje år", "Årsrapport och ny lägesbild"],
                   ["Januari 2028", "Slutrapport för hela perioden"]]},
        {"h": "Underskrifter", "level": 2},
        {"p": "Överenskommelsen undertecknades i Ludvika den 14 januari 2025."},
        {"p": "Helena Sjöberg, kommunstyrelsens ordförande, Ludvika kommun"},
        {"p": "Mikael Åström, lokalpolisområdeschef, Polisen lokalpolisområde Ludvika"},
    ],
    "options": {"header": "Samverkansöverenskommelse 2025–2027 – Ludvika kommun och Polisen",
                "footer": "Exempel – fiktivt dokument för loften",
                "page_numbers": True, "min_pages": 3},
}

KIRUNA = {
    "title": "Exempel: Medborgarlöfte 2025–2027 för Kiruna kommun",
    "blocks": [
        {"p": "Fiktivt exempel för loften. Kiruna kommun och lokalpolisområde Kiruna lovar "
              "att under tre år, 2025–2027, arbeta tillsammans med de frågor som invånarna "
              "har pekat ut. Staden flyttar och växer, och många nya invånare har kommit för "
              "att arbeta i gruvan och i byggbranschen."},
        {"p": "Löftet gäller i tre år eftersom flera av aktiviteterna tar tid att bygga upp. "
              "Det följs upp varje år och kan justeras när lägesbilden ändras."},
        {"h": "Nya invånare", "level": 2},
        {"li": "Kommunen och polisen håller informationsträffar för nyanlända om svenska "
               "lagar, polisens arbete och hur man anmäler brott", "depth": 0},
        {"li": "på svenska, finska, arabiska och tigrinja", "depth": 1},
        {"li": "minst fyra träffar per år på Kiruna folkhögskola och SFI", "depth": 1},
        {"li": "Polisen besöker arbetsplatser med många utstationerade arbetare för att "
               "informera om trafikregler och nykterhet", "depth": 0},
        {"h": "Kvällar och helger i nya centrum", "level": 2},
        {"li": "Kommunen stöttar en förening som nattvandrar i nya centrum varje fredag", "depth": 0},
        {"li": "Kommunens alkoholhandläggare och polisen gör gemensam tillsyn av "
               "serveringsställen minst sex gånger per år", "depth": 0},
        {"li": "med särskilt fokus på överservering och åldersgränser", "depth": 1},
        {"h": "Trafik", "level": 2},
        {"li": "Polisen genomför trafikkontroller av hastighet och nykterhet på E10 och vid "
               "infarterna till staden varje månad", "depth": 0},
        {"li": "Polisen kontrollerar snöskotertrafiken i och runt tätorten under vintern", "depth": 0},
        {"h": "Uppföljning", "level": 2},
        {"p": "Kommunens trygghetsråd följer upp löftet varje december och redovisar vad som "
              "har gjorts på kommunens webbplats."},
    ],
    "options": {"footer": "Exempel – Medborgarlöfte 2025–2027, Kiruna kommun", "page_numbers": True},
}

GOTLAND = {
    "title": "Exempel: Medborgarlöfte 2026 för Region Gotland",
    "blocks": [
        {"p": "Det här är ett fiktivt exempel för loften."},
        {"p": "Region Gotland och lokalpolisområde Gotland lovar att under 2026 genomföra "
              "aktiviteterna nedan. Regionstyrelsens ordförande Ingrid Dahlgren och "
              "lokalpolisområdeschef Anders Wikström undertecknade löftet den 10 december 2025."},
        {"h": "Bakgrund", "level": 2},
        {"p": "Under sommaren ökar befolkningen på ön kraftigt. I trygghetsmätningen svarar "
              "många att Visby innerstad känns otrygg sena kvällar under högsäsong, och "
              "regionens fastighetsförvaltning ser mer klotter än tidigare år."},
        {"h": "Sommar i Visby", "level": 2},
        {"li": "Polisen fotpatrullerar i Visby innerstad varje kväll under juli och början "
               "av augusti", "depth": 0},
        {"li": "Regionen och polisen gör gemensam alkoholtillsyn av restauranger och "
               "uteserveringar under sommaren", "depth": 0},
        {"li": "Regionen förstärker belysningen vid Almedalen och längs ringmuren", "depth": 0},
        {"h": "Hela Gotland", "level": 2},
        {"li": "Regionen och polisen genomför trygghetsvandringar i Slite, Hemse och Klintehamn", "depth": 0},
        {"li": "Regionen tar bort klotter på sina fastigheter inom 48 timmar efter anmälan", "depth": 0},
        {"li": "Polisen och regionen ordnar en temadag om tobak och alkohol för elever i "
               "årskurs 9", "depth": 0},
        {"h": "Uppföljning", "level": 2},
        {"table": [["När", "Vad"],
                   ["September 2026", "Uppföljning av sommarens insatser"],
                   ["December 2026", "Årsuppföljning i trygghetsrådet"]]},
    ],
    "options": {"page_numbers": True},
}

LYCKSELE = {
    "title": "Exempel: Medborgarlöfte 2025 för Lycksele kommun",
    "blocks": [
        {"p": "Fiktivt exempel för loften. Lycksele kommun och lokalpolisområde Lycksele "
              "lovar att under 2025 arbeta mot inbrott och bedrägerier, två brott som "
              "invånarna i kommunen oroar sig för."},
        {"h": "Färre inbrott", "level": 2},
        {"li": "Polisen och kommunen hjälper fler bostadsområden och byar att starta grannsamverkan", "depth": 0},
        {"li": "Polisen informerar om inbrottsskydd på kommunens bostadsmässa i april", "depth": 0},
        {"li": "Kommunens bostadsbolag byter till säkrare lås i trapphus i Gymnasievägens område", "depth": 0},
        {"h": "Skydd för äldre", "level": 2},
        {"li": "Polisen föreläser om bedrägerier för pensionärsföreningarna i Lycksele, "
               "Kristineberg och Rusksele", "depth": 0},
        {"li": "Kommunens hemtjänst delar ut en checklista mot telefonbedrägerier till "
               "alla brukare", "depth": 0},
        {"h": "Uppföljning", "level": 2},
        {"p": "Det brottsförebyggande rådet följer upp löftet i juni och i december."},
    ],
    "options": {},
}

OSTERSUND = {
    "title": "Exempel: Medborgarlöfte 2025 för Östersunds kommun",
    "blocks": [
        {"p": "Detta är ett fiktivt exempel för loften. Östersunds kommun och lokalpolisområde "
              "Östersund lovar att genomföra följande aktiviteter under 2025."},
        {"h": "Narkotika bland unga", "level": 2},
        {"li": "Polisen söker med narkotikahund på gymnasieskolorna i Östersund varje månad "
               "under läsåret", "depth": 0},
        {"li": "efter överenskommelse med skolledningen", "depth": 1},
        {"li": "med information till elever och föräldrar före första söket", "depth": 1},
        {"li": "Kommunens socialtjänst och polisen erbjuder samtal till alla unga under 18 år "
               "som ertappas med narkotika", "depth": 0},
        {"h": "Trygga stadsdelar", "level": 2},
        {"li": "Kommunen och polisen genomför trygghetsvandringar i Lugnvik, Odenskog och "
               "på Frösön under hösten", "depth": 0},
        {"li": "Polisen ökar den synliga närvaron vid Stortorget och resecentrum fredag och "
               "lördag kväll", "depth": 0},
        {"h": "Trafik", "level": 2},
        {"li": "Polisen gör trafikkontroller av elsparkcyklar och mopeder i centrum under "
               "våren", "depth": 0},
        {"h": "Uppföljning", "level": 2},
        {"p": "Löftet följs upp av kommunens råd för trygghet och säkerhet i augusti och i "
              "januari 2026."},
    ],
    "options": {},
}

STROMSTAD = {
    "title": "Exempel: Medborgarlöfte 2025 för Strömstads kommun",
    "blocks": [
        {"p": "Fiktivt exempel för loften. Strömstads kommun och lokalpolisområde Norra "
              "Bohuslän lovar att under 2025 genomföra aktiviteterna nedan."},
        {"h": "Sommar och gränshandel", "level": 2},
        {"li": "Polisen fotpatrullerar i hamnen och på Södra hamnen varje helg mellan "
               "midsommar och mitten av augusti", "depth": 0},
        {"li": "Kommunen och polisen gör tillsyn av tobaks- och alkoholförsäljning i "
               "gränshandeln minst fyra gånger under året", "depth": 0},
        {"li": "Butikerna i gränshandeln erbjuds utbildning enligt Trygg i butik", "depth": 0},
        {"h": "Trygghet för äldre", "level": 2},
        {"li": "Polisen håller två öppna möten om bedrägerier på biblioteket", "depth": 0},
        {"h": "Underskrifter", "level": 2},
        {"p": "Härmed undertecknar parterna medborgarlöftet för 2025."},
        {"p": "För Strömstads kommun"},
        {"p": "Ort och datum: Strömstad den 12 mars 2025"},
        {"p": "Namnförtydligande: Lena Berggren"},
        {"p": "Titel: Kommunstyrelsens ordförande"},
        {"p": "Organisation: Strömstads kommun"},
        {"p": "För Polismyndigheten"},
        {"p": "Ort och datum: Strömstad den 12 mars 2025"},
        {"p": "Namnförtydligande: Johan Strand"},
        {"p": "Titel: Lokalpolisområdeschef"},
        {"p": "Organisation: Polisen, lokalpolisområde Norra Bohuslän"},
    ],
    "options": {},
}

HAPARANDA = {
    "title": "Exempel: Medborgarlöfte 2025 för Haparanda kommun",
    "blocks": [
        {"p": "Fiktivt exempel för loften. Haparanda kommun och lokalpolisområde Haparanda "
              "har tagit fram årets medborgarlöfte utifrån medborgardialoger på svenska och "
              "finska. Många invånare har nyligen flyttat hit, och trafiken över gränsen till "
              "Torneå är tät."},
        {"h": "Information till nya invånare", "level": 2},
        {"li": "Kommunen och polisen ger information till nyanlända om lagar, rättigheter "
               "och hur man kontaktar polisen vid varje ny SFI-kursstart", "depth": 0},
        {"li": "Polisen besöker kommunens introduktionsklasser två gånger per termin", "depth": 0},
        {"h": "Trafik vid gränsen", "level": 2},
        {"li": "Polisen genomför gemensamma trafikkontroller med finsk polis vid gränsövergången "
               "varje månad", "depth": 0},
        {"li": "Kommunen och polisen genomför en kampanj om cykelhjälm och reflexer för "
               "skolbarn under hösten", "depth": 0},
        {"h": "Unga", "level": 2},
        {"li": "Fältassistenterna och polisen är ute tillsammans vid skolavslutningen och "
               "vid lucia", "depth": 0},
    ],
    "options": {},
}

VIMMERBY = {
    "title": "Exempel: Medborgarlöfte 2026 för Vimmerby kommun",
    "blocks": [
        {"p": "Fiktivt exempel för loften. Vimmerby kommun och lokalpolisområde Vimmerby "
              "lovar att genomföra aktiviteterna i tabellen under 2026. Löftet bygger på "
              "trygghetsmätningen och på samtal med invånare i Vimmerby, Södra Vi och Storebro."},
        {"h": "Aktiviteter", "level": 2},
        {"table": [["Aktivitet", "Ansvar", "När"],
                   ["Sanera klotter på kommunens fastigheter inom tre dagar", "Kommunen", "Hela året"],
                   ["Utbilda fler föräldrar till nattvandrare", "Kommunen", "Våren"],
                   ["Nattvandra varje fredag under sommarlovet", "Nattvandrarna och polisen", "Juni–augusti"],
                   ["Informera om stöd vid våld i nära relationer på vårdcentraler och apotek",
                    "Kommunen och polisen", "November"]]},
        {"h": "Uppföljning", "level": 2},
        {"p": "Aktiviteterna följs upp i kommunens trygghetsråd två gånger under året."},
    ],
    "options": {},
}

SAMPLES_BY_FORMAT = {
    "pdf": {
        "ludvika-samverkansoverenskommelse-2025-2027.pdf": LUDVIKA,
        "kiruna-medborgarlofte-2025-2027.pdf": KIRUNA,
        "gotland-medborgarlofte-2026.pdf": GOTLAND,
        "lycksele-medborgarlofte-2025.pdf": LYCKSELE,
    },
    "docx": {
        "ostersund-medborgarlofte-2025.docx": OSTERSUND,
        "stromstad-medborgarlofte-2025-underskrifter.docx": STROMSTAD,
        "haparanda-medborgarlofte-2025.docx": HAPARANDA,
        "vimmerby-medborgarlofte-2026.docx": VIMMERBY,
    },
}


def _pin_zip_times(path: Path) -> None:
    """Rewrite a DOCX with fixed entry times, so regenerating it changes no bytes."""
    import zipfile

    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            dst.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


def write_samples(out_dir: Path) -> list[Path]:
    """Render every binary sample into `out_dir`, byte for byte the same on every run."""
    from reportlab import rl_config

    rl_config.invariant = 1  # no creation date or random id in the PDF
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt, docs in SAMPLES_BY_FORMAT.items():
        for name, doc in docs.items():
            path = render(doc, fmt, out_dir / name)
            if fmt == "docx":
                _pin_zip_times(path)
            written.append(path)
    return written


if __name__ == "__main__":
    for written in write_samples(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES):
        print(written)
