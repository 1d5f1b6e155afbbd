package it.certmail.pec.web.shared;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.SessionScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;

/**
 * The page language: the browser's {@code Accept-Language} (Faces picks among the supported locales), until the
 * person chooses one with the switch on every page ({@code ?lang=it|en}, a plain link: it changes nothing stored).
 */
@Named("language")
@SessionScoped
public class LanguageBean implements Serializable {

    private static final long serialVersionUID = 1L;
    static final Set<String> SUPPORTED = Set.of("it", "en");

    private String chosen;

    public Locale getLocale() {
        FacesContext faces = FacesContext.getCurrentInstance();
        String asked = faces.getExternalContext().getRequestParameterMap().get("lang");
        if (asked != null && SUPPORTED.contains(asked)) {
            chosen = asked;
        }
        if (chosen != null) {
            return Locale.forLanguageTag(chosen);
        }
        if (faces.getExternalContext().getRequestHeaderMap().get("Accept-Language") == null) {
            // without the header the JVM's locale would decide: Italian is the service's language
            return Locale.ITALIAN;
        }
        return faces.getApplication().getViewHandler().calculateLocale(faces);
    }

    public String getLanguage() {
        return getLocale().getLanguage();
    }

    /**
     * This page's bookmarkable address (its view parameters included, also after a form post) with {@code lang} set.
     */
    public String switchUrl(String lang) {
        FacesContext faces = FacesContext.getCurrentInstance();
        return faces.getApplication().getViewHandler().getBookmarkableURL(faces, faces.getViewRoot().getViewId(),
                Map.of("lang", List.of(lang)), true);
    }

}
